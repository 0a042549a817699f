package dev.sfbridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The types of the fields of salesforce/ that sfbridge writes, as the {@link SalesforceSimulator} checks them like an
 * org would (SalesforceMetadataTest keeps these tables in step with the metadata's {@code <type>} and
 * {@code <length>}). Keys are {@code Object.Field}; a field not listed takes any value.
 */
public final class SimulatedFieldTypes {
    /** Text fields and their length: a longer value is refused with STRING_TOO_LONG. */
    public static final Map<String, Integer> TEXT_LENGTHS = Map.of(
            "Opportunity.ERP_Order_Number__c", 40,
            "Opportunity.ERP_Order_Status__c", 40,
            "ERP_Order_Update__e.Order_Number__c", 40,
            "ERP_Order_Update__e.Status__c", 40,
            "ERP_Order_Update__e.Record_Id__c", 18);
    /** DateTime fields: Salesforce stores them to the second (Object Reference, "Primitive Data Types"). */
    public static final Set<String> DATE_TIMES = Set.of("Opportunity.ERP_Status_Changed_At__c", "ERP_Order_Update__e.Changed_At__c");
    /**
     * Number fields without decimal places, and their precision: at most 18 digits ("Number fields can store up to a
     * maximum of 18 digits total", Salesforce Help, "the Digit Length of Number Fields", article 000386249).
     */
    public static final Map<String, Integer> WHOLE_NUMBER_DIGITS = Map.of(
            "Opportunity.ERP_Status_Changed_At_Ms__c", 18,
            "ERP_Order_Update__e.Changed_At_Ms__c", 18);
    /** A JSON number's text as a Number field takes it: digits, maybe signed, maybe a fraction (no exponent). */
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    /** {@code yyyy-MM-ddTHH:mm:ss.SSS(Z|±HH:mm)}, the fraction optional (REST API, "Valid Date and DateTime Formats"). */
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?(Z|[+-]\\d{2}:\\d{2})");

    private SimulatedFieldTypes() {}

    /**
     * Why the JSON parser refuses {@code fields} of {@code type} as a whole, as its message: the first DateTime or Number
     * field whose value it cannot read as one; null when it reads them all.
     */
    static String unreadable(String type, JsonNode fields) {
        for (Map.Entry<String, JsonNode> field : fields.properties()) {
            String name = type + "." + field.getKey();
            String value = field.getValue().asText();
            if (field.getValue().isNull()) {
                continue;
            }
            if (DATE_TIMES.contains(name) && !DATE_TIME.matcher(value).matches()) {
                return "Cannot deserialize instance of datetime from VALUE_STRING value " + field.getKey() + ": " + value;
            }
            // a Number field's documented form is a JSON number ("Double—JSON Number", User Interface API's record
            // formats); sfbridge sends nothing else, and a string of digits would rest on an undocumented leniency
            if (WHOLE_NUMBER_DIGITS.containsKey(name) && (!field.getValue().isNumber() || !NUMBER.matcher(value).matches())) {
                return "Cannot deserialize instance of double from VALUE_STRING value " + field.getKey() + ": " + value;
            }
        }
        return null;
    }

    /** The first of {@code fields} whose number has more digits before the point than its Number field of {@code type} takes; null when none. */
    static String outOfRange(String type, JsonNode fields) {
        for (Map.Entry<String, JsonNode> field : fields.properties()) {
            Integer digits = WHOLE_NUMBER_DIGITS.get(type + "." + field.getKey());
            if (digits != null && !field.getValue().isNull()
                    && field.getValue().asText().replaceFirst("^-", "").replaceFirst("\\..*", "").length() > digits) {
                return field.getKey();
            }
        }
        return null;
    }

    /** The first of {@code fields} longer than its Text field of {@code type} takes; null when none. */
    static String tooLong(String type, JsonNode fields) {
        for (Map.Entry<String, JsonNode> field : fields.properties()) {
            Integer length = TEXT_LENGTHS.get(type + "." + field.getKey());
            if (length != null && field.getValue().asText().length() > length) {
                return field.getKey();
            }
        }
        return null;
    }

    static int length(String type, String field) {
        return TEXT_LENGTHS.get(type + "." + field);
    }

    /** The value as the org holds it: a DateTime to the second, in UTC; any other as written. */
    static String stored(String type, String field, String value) {
        return DATE_TIMES.contains(type + "." + field) ? instant(value).toString() : value;
    }

    /** A DateTime value as the org compares it: to the second. */
    static Instant instant(String value) {
        return OffsetDateTime.parse(value).toInstant().truncatedTo(ChronoUnit.SECONDS);
    }
}
