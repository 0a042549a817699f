package dev.sfbridge.listener;

import dev.sfbridge.config.Env;
import dev.sfbridge.config.Env.ConfigException;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.observability.Metrics;
import dev.sfbridge.retry.Retry;
import dev.sfbridge.salesforce.SalesforceHttp;
import dev.sfbridge.salesforce.UserInfoEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * How the listener verifies who sent a message ({@code SENDER_VERIFICATION}), read once at start. There is
 * always a way unless the setting says {@code none} in so many words: the default is {@code url-secret}, the template's
 * (Salesforce sends no session since February 2026, Help article 005232763), a mode that needs a setting it lacks
 * refuses to start saying what to set, and the mode is logged at every start: as a warning for {@code none}, and for
 * {@code session} without the users allowed to send.
 *
 * @param endpointKeysSecretId the secret of the orgs' endpoint keys ({@code ENDPOINT_KEYS_SECRET_ARN}), for {@code url-secret}
 * @param sessionVerdictTtl    how long a session's verdict is kept ({@code SESSION_VERDICT_TTL_MINUTES}, default 60)
 * @param senderUsers          the users whose sessions may send ({@code ALLOWED_SENDER_USER_IDS}), for {@code session}
 */
public record SenderVerification(Mode mode, String endpointKeysSecretId, Duration sessionVerdictTtl, SenderUserAllowlist senderUsers) {
    public static final Duration DEFAULT_SESSION_VERDICT_TTL = Duration.ofMinutes(60);
    /** The UserInfo call's limits: three tries within about ten seconds, inside the function's 20 s and Salesforce's 60 s. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
    static final int ATTEMPTS = 3;

    public enum Mode {
        /** The message's session is checked with Salesforce: for orgs that still send one. */
        SESSION("session"),
        /** The endpoint URL carries a key of the sender's org, for messages sent without a session: the default. */
        URL_SECRET("url-secret"),
        /** API Gateway's custom domain checks the client certificate before the function is called. */
        MTLS("mtls"),
        /** Nothing: any sender that knows an allowed org ID is taken. Only when a setting says so. */
        NONE("none");

        private final String settingName;

        Mode(String settingName) {
            this.settingName = settingName;
        }

        public String settingName() {
            return settingName;
        }

        static Mode of(String setting) {
            return Arrays.stream(values()).filter(m -> m.settingName.equals(setting)).findFirst()
                    .orElseThrow(() -> new ConfigException("SENDER_VERIFICATION is '" + setting
                            + "'; it must be session, url-secret, mtls or none"));
        }
    }

    public SenderVerification {
        if (mode == Mode.URL_SECRET && (endpointKeysSecretId == null || endpointKeysSecretId.isBlank())) {
            throw new ConfigException("SENDER_VERIFICATION=url-secret (the default) needs ENDPOINT_KEYS_SECRET_ARN, the secret of the orgs'"
                    + " endpoint keys; or set SENDER_VERIFICATION to session, mtls or none (docs/listener.md, \"Who sent it\")");
        }
        // only a session names its user: a list another mode would ignore is refused, not taken for a check
        if (senderUsers.isSet() && mode != Mode.SESSION) {
            throw new ConfigException(SenderUserAllowlist.SETTING + " is checked against the message's session: it needs "
                    + "SENDER_VERIFICATION=session, not " + mode.settingName());
        }
    }

    /** Verification by session, for orgs that still send one. */
    public static SenderVerification session() {
        return new SenderVerification(Mode.SESSION, null, DEFAULT_SESSION_VERDICT_TTL, SenderUserAllowlist.ANY_USER);
    }

    /** No verification: for harnesses whose messages name an org no Salesforce answers for, never for a stack. */
    public static SenderVerification none() {
        return new SenderVerification(Mode.NONE, null, DEFAULT_SESSION_VERDICT_TTL, SenderUserAllowlist.ANY_USER);
    }

    public static SenderVerification from(Env env) {
        return new SenderVerification(
                Mode.of(env.optional("SENDER_VERIFICATION", Mode.URL_SECRET.settingName())),
                env.optional("ENDPOINT_KEYS_SECRET_ARN", null),
                Duration.ofMinutes(env.integer("SESSION_VERDICT_TTL_MINUTES", (int) DEFAULT_SESSION_VERDICT_TTL.toMinutes(), 1, 720)),
                SenderUserAllowlist.parse(env.optional(SenderUserAllowlist.SETTING, "")));
    }

    /**
     * The check this mode makes; Secrets Manager is only asked for when the mode reads a secret.
     *
     * @param log and metrics where a check tells what is wrong with its setup (an unusable entry of the keys' secret)
     */
    SenderCheck check(Supplier<SecretsManagerClient> secretsManager, Clock clock, JsonLog log, Metrics metrics) {
        return switch (mode) {
            case SESSION -> new SessionCheck(new UserInfoEndpoint(SalesforceHttp.create(CONNECT_TIMEOUT, REQUEST_TIMEOUT,
                    Retry.withJitter(ATTEMPTS, Duration.ofMillis(100), Duration.ofSeconds(1))))::ask, senderUsers, sessionVerdictTtl, clock);
            case URL_SECRET -> new EndpointKeyCheck(secretsManager.get(), endpointKeysSecretId, clock, log, metrics);
            case MTLS, NONE -> SenderCheck.EDGE;
        };
    }

    /** The start's log line: what vouches for a sender, and a warning when nothing does or any user of an org can send. */
    void logStart(JsonLog log) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("senderVerification", mode.settingName());
        switch (mode) {
            case SESSION -> {
                if (senderUsers.isSet()) {
                    fields.put("check", "each message's session is verified with Salesforce's UserInfo endpoint, and must be of one of senderUsers");
                    fields.put("senderUsers", senderUsers.ids());
                } else {
                    fields.put("check", "each message's session is verified with Salesforce's UserInfo endpoint; any API user of an allowed org "
                            + "can send with their own session (set " + SenderUserAllowlist.SETTING + " to the outbound messages' User to send as)");
                }
            }
            case URL_SECRET -> fields.put("check", "each message's endpoint URL carries its org's key");
            case MTLS -> fields.put("check", "the custom domain's mutual TLS checks the client certificate; the function checks no more");
            case NONE -> fields.put("check", "none: any sender that knows an allowed org ID is taken (SENDER_VERIFICATION=none)");
        }
        if (mode == Mode.NONE || mode == Mode.SESSION && !senderUsers.isSet()) {
            log.warn("listener start", fields);
        } else {
            log.info("listener start", fields);
        }
    }
}
