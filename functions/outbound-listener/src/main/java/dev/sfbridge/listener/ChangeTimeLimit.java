package dev.sfbridge.listener;

import dev.sfbridge.contract.OutboundMessage.SObjectNotification;
import dev.sfbridge.contract.OutboundMessageRejected;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A record's change time ({@code SystemModstamp}, {@code LastModifiedDate}) cannot lie ahead of its
 * receipt by more than the clocks' skew: the order worker keeps the newest change time per record, so a
 * forged {@code 2099} would have every real change of the record skipped as older. Salesforce stamps these
 * itself, at the change; only a forged or broken message carries a later one.
 */
final class ChangeTimeLimit {
    static final List<String> FIELDS = List.of("SystemModstamp", "LastModifiedDate");

    private final Duration allowedAhead;

    ChangeTimeLimit(Duration allowedAhead) {
        this.allowedAhead = allowedAhead;
    }

    /**
     * Refuses the message when a notification's change time is more than the allowance past {@code receivedAt}.
     * A value that is not a date-time with an offset is left alone here: the worker refuses it with its reason.
     */
    void check(List<SObjectNotification> notifications, Instant receivedAt) throws OutboundMessageRejected {
        Instant latest = receivedAt.plus(allowedAhead);
        for (SObjectNotification notification : notifications) {
            for (String field : FIELDS) {
                String text = notification.fields().get(field);
                Instant changedAt = text == null ? null : parse(text);
                if (changedAt != null && changedAt.isAfter(latest)) {
                    // the time itself stays out of the fault, as every field value does
                    throw new OutboundMessageRejected("change_time_in_future", "notification " + notification.notificationId()
                            + " has a " + field + " more than " + allowedAhead.toMinutes() + " minutes after its receipt at "
                            + receivedAt + ": Salesforce stamps it at the change, so the message is forged or a clock is wrong");
                }
            }
        }
    }

    private static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }
}
