package dev.sfbridge.callback;

import dev.sfbridge.config.Env;
import dev.sfbridge.config.Env.ConfigException;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.SalesforceIds;
import dev.sfbridge.salesforce.RecordUpdate;
import dev.sfbridge.salesforce.SalesforceDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a callback's order number and status go: one object and its fields, by API name. The one
 * place the callback's vocabulary meets the org's.
 *
 * @param statusChangedAtField   when the status took effect; the org's validation rule refuses an older one
 *                               (docs/callbacks.md, "Order of statuses")
 * @param statusChangedAtMsField the same time in epoch milliseconds (a Number): the org holds a DateTime to the second
 *                               only, and the rule orders two statuses within one second by this
 */
public record FieldMapping(String objectType, String orderNumberField, String orderStatusField, String statusChangedAtField,
                           String statusChangedAtMsField) {
    private static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private static final FieldMapping DEFAULT = new FieldMapping("Opportunity", "ERP_Order_Number__c", "ERP_Order_Status__c",
            "ERP_Status_Changed_At__c", "ERP_Status_Changed_At_Ms__c");

    public FieldMapping {
        check("SALESFORCE_OBJECT", objectType);
        check("SALESFORCE_ORDER_NUMBER_FIELD", orderNumberField);
        check("SALESFORCE_ORDER_STATUS_FIELD", orderStatusField);
        check("SALESFORCE_STATUS_CHANGED_AT_FIELD", statusChangedAtField);
        check("SALESFORCE_STATUS_CHANGED_AT_MS_FIELD", statusChangedAtMsField);
    }

    static FieldMapping from(Env env) {
        return new FieldMapping(env.optional("SALESFORCE_OBJECT", DEFAULT.objectType()),
                env.optional("SALESFORCE_ORDER_NUMBER_FIELD", DEFAULT.orderNumberField()),
                env.optional("SALESFORCE_ORDER_STATUS_FIELD", DEFAULT.orderStatusField()),
                env.optional("SALESFORCE_STATUS_CHANGED_AT_FIELD", DEFAULT.statusChangedAtField()),
                env.optional("SALESFORCE_STATUS_CHANGED_AT_MS_FIELD", DEFAULT.statusChangedAtMsField()));
    }

    /**
     * The fields to write. A status goes with the time it took effect, as a DateTime and in milliseconds, which the org
     * orders the writes by; a callback without a status writes the order number alone, leaving the status fields as
     * they are.
     */
    RecordUpdate toUpdate(CallbackRequest callback) throws UnmappableCallback {
        if (callback.objectType() != null && !objectType.equals(callback.objectType())) {
            throw new UnmappableCallback("no field mapping for " + callback.objectType() + " records: SALESFORCE_OBJECT is " + objectType);
        }
        if (!SalesforceIds.isValid(callback.recordId())) {
            throw new UnmappableCallback("recordId is not a Salesforce ID");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(orderNumberField, callback.orderNumber());
        if (callback.orderStatus() != null) {
            fields.put(orderStatusField, callback.orderStatus());
            fields.put(statusChangedAtField, SalesforceDateTime.format(callback.statusChangedAt()));
            fields.put(statusChangedAtMsField, callback.statusChangedAt().toEpochMilli());
        }
        return new RecordUpdate(objectType, SalesforceIds.to18(callback.recordId()), fields);
    }

    private static void check(String variable, String apiName) {
        if (apiName == null || !API_NAME.matcher(apiName).matches()) {
            throw new ConfigException(variable + " must be an API name (letters, digits, underscores), not '" + apiName + "'");
        }
    }

    /** The callback cannot be written with this mapping; sending it again will not change that. */
    static final class UnmappableCallback extends Exception {
        UnmappableCallback(String message) {
            super(message);
        }
    }
}
