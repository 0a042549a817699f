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
    /** {@code yyyy-MM-ddTHH:mm:ss.SSS(Z|±HH:mm)}, the fraction optional (REST API, "Valid Date and DateTime Formats"). */
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?(Z|[+-]\\d{2}:\\d{2})");

    private SimulatedFieldTypes() {}

    /** The first of {@code fields} a DateTime field of {@code type} cannot take as written, as {@code Field: value}; null when none. */
    static String unreadableDateTime(String type, JsonNode fields) {
        for (Map.Entry<String, JsonNode> field : fields.properties()) {
            if (DATE_TIMES.contains(type + "." + field.getKey()) && !field.getValue().isNull()
                    && !DATE_TIME.matcher(field.getValue().asText()).matches()) {
                return field.getKey() + ": " + field.getValue().asText();
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
        return DATE_TIMES.contains(type + "." + field)
                ? OffsetDateTime.parse(value).toInstant().truncatedTo(ChronoUnit.SECONDS).toString() : value;
    }

    /** A DateTime value as the org compares it: to the second. */
    static Instant instant(String value) {
        return OffsetDateTime.parse(value).toInstant().truncatedTo(ChronoUnit.SECONDS);
    }
}
