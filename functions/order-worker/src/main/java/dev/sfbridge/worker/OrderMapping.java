package dev.sfbridge.worker;

import dev.sfbridge.model.Notification;
import dev.sfbridge.model.OrderLine;
import dev.sfbridge.model.OrderRequest;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * From an Opportunity to the ERP order: the one place the two vocabularies meet. The fields come from the
 * notification, or from the record as read from Salesforce ({@link Fetched.Current}), which brings its line items.
 */
public final class OrderMapping {
    public static final String OBJECT_TYPE = "Opportunity";
    /**
     * ISO-8601 with the offset as {@code Z} or {@code +00:00} (outbound messages) or {@code +0000} (the REST API's
     * {@code 2026-11-20T10:00:00.000+0000}).
     */
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    /** The order of a notification that carries the fields: its lines stay as the ERP holds them. */
    public OrderRequest toOrder(Notification notification) throws UnmappableNotification {
        requireOpportunity(notification);
        if (notification.fields().keySet().stream().allMatch("Id"::equals)) {
            throw new UnmappableNotification("the notification has no field data, and its record was not read from Salesforce");
        }
        return order(notification, notification.fields(), null);
    }

    /** The order of the record as it is now: its fields, its lines, and its SystemModstamp as the change's time. */
    OrderRequest toOrder(Notification notification, Fetched.Current current) throws UnmappableNotification {
        requireOpportunity(notification);
        return order(notification, current.fields(), current.lines());
    }

    private static void requireOpportunity(Notification notification) throws UnmappableNotification {
        if (!OBJECT_TYPE.equals(notification.objectType())) {
            throw new UnmappableNotification("no order mapping for " + notification.objectType() + " notifications");
        }
    }

    private static OrderRequest order(Notification notification, Map<String, String> fields, List<OrderLine> lines)
            throws UnmappableNotification {
        return new OrderRequest(
                notification.recordId(),
                notification.organizationId(),
                fields.get("AccountId"),
                fields.get("Name"),
                parse(fields, "Amount", BigDecimal::new),
                parse(fields, "CloseDate", LocalDate::parse),
                fields.get("OwnerId"),
                fields.get("StageName"),
                changedAt(fields).orElse(null),
                lines);
    }

    /** When the record last changed: SystemModstamp if selected, else LastModifiedDate. */
    private static Optional<Instant> changedAt(Map<String, String> fields) throws UnmappableNotification {
        String field = fields.get("SystemModstamp") != null ? "SystemModstamp" : "LastModifiedDate";
        return Optional.ofNullable(parse(fields, field, text -> OffsetDateTime.parse(text, DATE_TIME).toInstant()));
    }

    private static <T> T parse(Map<String, String> fields, String field, Parser<T> parser) throws UnmappableNotification {
        String text = fields.get(field);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return parser.parse(text.strip());
        } catch (NumberFormatException | DateTimeException e) {
            throw new UnmappableNotification("field " + field + " is not a valid " + field + " value");
        }
    }

    private interface Parser<T> {
        T parse(String text);
    }

    /** The notification cannot become an order; sending it again will not change that. */
    public static final class UnmappableNotification extends Exception {
        public UnmappableNotification(String message) {
            super(message);
        }
    }
}
