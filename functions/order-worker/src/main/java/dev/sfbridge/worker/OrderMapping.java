package dev.sfbridge.worker;

import dev.sfbridge.model.Notification;
import dev.sfbridge.model.OrderRequest;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

/** From an Opportunity notification's fields to the ERP order: the one place the two vocabularies meet. */
public final class OrderMapping {
    public static final String OBJECT_TYPE = "Opportunity";

    public OrderRequest toOrder(Notification notification) throws UnmappableNotification {
        if (!OBJECT_TYPE.equals(notification.objectType())) {
            throw new UnmappableNotification("no order mapping for " + notification.objectType() + " notifications");
        }
        Map<String, String> fields = notification.fields();
        if (fields.keySet().stream().allMatch("Id"::equals)) {
            throw new UnmappableNotification("the record was deleted before delivery: the notification has no field data");
        }
        return new OrderRequest(
                notification.recordId(),
                notification.organizationId(),
                fields.get("AccountId"),
                fields.get("Name"),
                parse(fields, "Amount", BigDecimal::new),
                parse(fields, "CloseDate", LocalDate::parse),
                fields.get("OwnerId"),
                fields.get("StageName"),
                changedAt(notification).orElse(null),
                null);
    }

    /** When the record last changed: SystemModstamp if selected, else LastModifiedDate. */
    public static Optional<Instant> changedAt(Notification notification) throws UnmappableNotification {
        String field = notification.fields().get("SystemModstamp") != null ? "SystemModstamp" : "LastModifiedDate";
        return Optional.ofNullable(parse(notification.fields(), field, text -> OffsetDateTime.parse(text).toInstant()));
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
