package dev.sfbridge.listener;

import dev.sfbridge.contract.OutboundMessage.SObjectNotification;
import dev.sfbridge.contract.OutboundMessageRejected;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
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

    /**
     * The instant {@link OffsetDateTime#parse} reads in {@code text} (stripped), or null where it reads none. The
     * form Salesforce sends every change time in, {@code 2024-05-01T12:00:00.000Z}, is read by hand: the JDK's
     * formatter, made for every ISO form, cost more CPU than the rest of the listener's checks together
     * (docs/benchmarks.md, section 5). Any other text, and that form with a value out of range, goes to the
     * formatter, so that both read the same.
     */
    static Instant parse(String text) {
        String stripped = text.strip();
        Instant utc = utcMillis(stripped);
        if (utc != null) {
            return utc;
        }
        try {
            return OffsetDateTime.parse(stripped).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss.SSSZ} with every field in range, or null for anything else. */
    private static Instant utcMillis(String s) {
        if (s.length() != 24 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(19) != '.' || s.charAt(23) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        int millis = digits(s, 20, 23);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || millis < 0) {
            return null;
        }
        long seconds = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L + minute * 60L + second;
        return Instant.ofEpochSecond(seconds, millis * 1_000_000L);
    }

    /** The ASCII digits from {@code from} to {@code to} as a number, or -1 if one is not an ASCII digit. */
    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
