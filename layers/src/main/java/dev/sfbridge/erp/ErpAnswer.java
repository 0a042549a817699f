package dev.sfbridge.erp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfbridge.queue.MessageCharacters;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.UnaryOperator;

/**
 * The ERP's answer to one request (or its token endpoint's), or the lack of one, sorted by what the
 * client does next: take the order, try again, read the credentials again, or give up.
 */
sealed interface ErpAnswer {
    /**
     * Longest ERP error text kept, in code points: enough to act on, short enough for a log line or a dead-letter
     * reason. The characters a queue message may not hold stay; the dead-letter queue replaces them.
     */
    int MAX_REASON = 300;

    /** A success, read into what the request asked for: an order's result, a page of bills. */
    record Accepted<T>(T result) implements ErpAnswer {}

    /** Worth another try. {@code retryAfter} is the ERP's own wish, or null; {@code status} 0 when no response came. */
    record Failed(int status, String reason, Duration retryAfter) implements ErpAnswer {}

    /** The credentials were refused: worth one more try with freshly read ones. */
    record Unauthorized(int status, String reason) implements ErpAnswer {}

    /** Resending the same request fails again. */
    record Rejected(int status, String reason) implements ErpAnswer {}

    /**
     * Sorts an answer that is not a success (docs/erp-api.md, "Status codes"). {@code redact} removes the
     * credentials the request carried from the ERP's text, in case the ERP quotes them back.
     */
    static ErpAnswer ofError(String endpoint, HttpResponse<String> response, Clock clock, UnaryOperator<String> redact) {
        int status = response.statusCode();
        String reason = endpoint + " answered " + status + errorDetail(response.body(), redact);
        if (status == 401) {
            return new Unauthorized(status, reason);
        }
        // 404: an upsert has no "not found", and the billing history's own says so in its body (read before
        // this), so a 404 comes from routing (a gateway mid-deployment, a wrong base URL); 408: the ERP gave up
        // waiting for us
        if (status >= 400 && status < 500 && status != 404 && status != 408 && status != 429) {
            return new Rejected(status, reason);
        }
        return new Failed(status, reason, retryAfter(response, clock));
    }

    /** No answer: a timeout, a refused or dropped connection. Whether the ERP acted is unknown; retrying is safe (upsert). */
    static ErpAnswer ofNoResponse(String endpoint, IOException e) {
        return new Failed(0, endpoint + (e instanceof HttpTimeoutException ? " timed out"
                : " connection failed (" + e.getClass().getSimpleName() + ")"), null);
    }

    /** {@code ": code: message"} from the ERP's {@code {"error": ..., "message": ...}} body, when it sent one. */
    private static String errorDetail(String body, UnaryOperator<String> redact) {
        JsonNode error = ErpJson.object(body);
        if (error == null) {
            return "";
        }
        String code = error.path("error").asText("");
        String message = error.path("message").asText("");
        String detail = code.isEmpty() || message.isEmpty() ? code + message : code + ": " + message;
        if (detail.isEmpty()) {
            return "";
        }
        detail = redact.apply(detail);
        return ": " + MessageCharacters.shortened(detail, MAX_REASON);
    }

    /** RFC 9110 §10.2.3: either a number of seconds or an HTTP date. Null when absent or unreadable. */
    private static Duration retryAfter(HttpResponse<?> response, Clock clock) {
        String value = response.headers().firstValue("Retry-After").map(String::strip).orElse("");
        if (value.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            Duration untilDate = Duration.between(clock.instant(),
                    ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return untilDate.isNegative() ? Duration.ZERO : untilDate;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
