package dev.sfbridge.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * An order number and status to write back onto a Salesforce record: what the callbacks queue carries,
 * from the order worker and from ERP status events alike.
 *
 * @param notificationId  the outbound-message notification it answers; absent for ERP status events
 * @param statusChangedAt when the ERP's status took effect: a newer status is never overwritten by an older one
 * @param instanceUrl     where the org's REST API is (taken from the message's EnterpriseUrl); absent for ERP events
 * @param sessionId       the outbound message's session, tried before OAuth; absent when none was sent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallbackRequest(
        int schemaVersion,
        String notificationId,
        String organizationId,
        String objectType,
        String recordId,
        String orderNumber,
        String orderStatus,
        Instant statusChangedAt,
        String instanceUrl,
        SessionId sessionId) {

    public static final int SCHEMA_VERSION = 1;
    /**
     * How far a status time of the ERP's clock may be ahead of ours (the two clocks' skew, generously): a status from the
     * future would outrank every real one for ever.
     */
    public static final Duration MAX_ERP_CLOCK_AHEAD = Duration.ofMinutes(5);
    /**
     * The years a {@code statusChangedAt} can be in (UTC): from 1970, as the org orders statuses by epoch milliseconds,
     * to 9999, the last a DateTime field holds; far beyond it the milliseconds overflow a {@code long}.
     */
    private static final int FIRST_YEAR = 1970;
    private static final int LAST_YEAR = 9999;
    /** The years {@link #writableTime} takes, as a message names them. */
    public static final String WRITABLE_YEARS = "the years " + FIRST_YEAR + " to " + LAST_YEAR + " (UTC)";
    private static final Instant START_OF_FIRST_YEAR = startOf(FIRST_YEAR);
    private static final Instant END_OF_LAST_YEAR = startOf(LAST_YEAR + 1);

    public CallbackRequest {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(orderNumber, "orderNumber");
        Objects.requireNonNull(statusChangedAt, "statusChangedAt");
    }

    /** Whether {@code changedAt} is in {@link #WRITABLE_YEARS}, so it can be written. */
    public static boolean writableTime(Instant changedAt) {
        return !changedAt.isBefore(START_OF_FIRST_YEAR) && changedAt.isBefore(END_OF_LAST_YEAR);
    }

    private static Instant startOf(int year) {
        return LocalDate.of(year, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Everything but the session ID. */
    @Override
    public String toString() {
        return "CallbackRequest[recordId=%s, orderNumber=%s, orderStatus=%s, statusChangedAt=%s]"
                .formatted(recordId, orderNumber, orderStatus, statusChangedAt);
    }
}
