package dev.sfbridge.salesforce;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A DateTime field's value as Salesforce takes it: {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, at most three fraction digits
 * (REST API Developer Guide, "Valid Date and DateTime Formats"). {@link Instant#toString()} writes as many as the
 * instant has, nine for a Linux clock's, so every DateTime sent to Salesforce goes through here.
 */
public final class SalesforceDateTime {
    private SalesforceDateTime() {}

    /** {@code instant} down to the millisecond, in UTC: {@code 2026-11-23T11:59:30.123Z}, {@code 2026-11-23T11:59:30Z}. */
    public static String format(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
