package dev.sfbridge.orderapi;

import dev.sfbridge.config.Env;
import java.net.URI;
import java.time.Duration;

/**
 * The request-reply routes' settings, read once at start (docs/request-reply.md lists them with their defaults).
 *
 * @param deadline     the longest any request is answered in, the ERP's time included (default 5 s: half of
 *                     Apex's default callout timeout of 10 s)
 * @param maxBodyBytes largest {@code POST /orders} body accepted (default 256 KiB: an order with 1,000 lines fits)
 * @param keyRetention how long an {@code Idempotency-Key}'s answer is kept (default 24 hours)
 */
public record OrderApiConfig(String idempotencyTable, URI erpBaseUrl, String erpSecretId, Duration deadline,
                             int maxBodyBytes, Duration keyRetention) {

    public static OrderApiConfig from(Env env) {
        return new OrderApiConfig(
                env.required("IDEMPOTENCY_TABLE"),
                URI.create(env.required("ERP_BASE_URL")),
                env.required("ERP_SECRET_ID"),
                Duration.ofMillis(env.integer("DEADLINE_MILLIS", 5000, 500, 25_000)),
                env.integer("MAX_BODY_BYTES", 256 * 1024, 1024, 6 * 1024 * 1024),
                Duration.ofHours(env.integer("IDEMPOTENCY_KEY_RETENTION_HOURS", 24, 1, 24 * 30)));
    }
}
