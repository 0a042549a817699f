package dev.sfbridge.local;

import dev.sfbridge.testing.TestIds;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The local stack's flags; every one has a default, so it runs with none.
 *
 * @param closeRate opportunities set to Closed Won per second, the pace of the org's messages; 0: all at once
 * @param expireSessionAfter opportunities whose messages carry a live session; null: half the scenario
 * @param logFile where the functions' JSON log lines go (its folder made if missing); null: a new file in the temporary
 *                directory, kept after the stack stops
 * @param usageFile where the run's AWS usage goes as JSON, for {@code ./dev bench cost} (docs/cost.md); null: nowhere
 * @param awsEndpoint where SQS, DynamoDB and Secrets Manager are; null: the embedded emulators
 * @param message what the scenario's outbound messages carry: the opportunities' fields, or their IDs only
 * @param chaos the faults a chaos run injects (docs/reliability.md); none: an ordinary run
 * @param seed what decides the chaos run's faults: the same seed, the same schedule
 * @param parameters values for the template's parameters, by name, in place of their defaults: those of
 *                   {@code --parameter}, and {@code --sync-schedule}'s as the template's SyncSchedule (compressed by the
 *                   time scale as any schedule is)
 */
public record LocalOptions(int port, String organizationIds, Path template, int opportunities, int closeRate, boolean exitAfterScenario,
                           TimeScale timeScale, Integer expireSessionAfter, int erpOutages, int sqsPort, int dynamoDbPort,
                           int maxConcurrency, Duration scenarioTimeout, Path logFile, Path usageFile, int statusPort, URI awsEndpoint,
                           ScenarioMessage message, Set<ChaosFault> chaos, long seed, Map<String, String> parameters, boolean help) {
    public static final int DEFAULT_PORT = 8787;
    /** The template's parameter {@code --sync-schedule} sets. */
    static final String SYNC_SCHEDULE_PARAMETER = "SyncSchedule";
    static final int DEFAULT_STATUS_PORT = 8788;
    static final int DEFAULT_OPPORTUNITIES = 1000;
    static final int DEFAULT_TIME_SCALE = 60;
    static final int DEFAULT_ERP_OUTAGES = 3;
    static final int DEFAULT_SQS_PORT = 9324;
    static final int DEFAULT_DYNAMODB_PORT = 8000;
    static final int DEFAULT_MAX_CONCURRENCY = 4;
    static final int DEFAULT_SCENARIO_TIMEOUT_SECONDS = 600;

    static final String HELP = """
            Usage: ./dev up [flags]

            Starts the whole sfbridge pipeline on this machine in one JVM, no Docker: DynamoDB Local and SQS
            (ElasticMQ) in-process with the queues and tables template.yaml declares; the functions with Lambda's
            event shapes (the API routes over HTTP, the SQS event source mappings polling, the batch sync's
            schedule compressed); a simulated Salesforce org and ERP. Then it runs a scenario: OPPORTUNITIES
            opportunities set to Closed Won, sent by the org as outbound messages, while the ERP issues invoices
            to their Accounts; at the end it reconciles the orders and the synced invoices (docs/local-stack.md).

              --port N                  HTTP port of the local API: /outbound-messages, /erp/order-events
                                        (default %d; 0 picks a free one)
              --status-port N           HTTP port of the status page: live counts, queues, errors, latency
                                        (default %d; 0 picks a free one)
              --org-ids IDS             comma-separated Salesforce org IDs the listener accepts
                                        (default %s, the simulated org's)
              --opportunities N         size of the Closed Won scenario (default %d; 0 runs none, only serves)
              --close-rate N            opportunities set to Closed Won per second: the org sends the scenario's
                                        messages of 100 at that pace, as deals close over a day, instead of
                                        all at once (default 0: all at once). A long run wants it: ElasticMQ
                                        makes each visibility change cost as much as its queue is deep
              --exit-after-scenario     exit when the scenario is reconciled (status 1 if it does not match)
                                        instead of serving until Ctrl-C
              --time-scale N            run visibility timeouts and Salesforce's retry intervals N times
                                        faster than real time (default %d; 1 is real time)
              --expire-session-after N  with --parameter SenderVerification=session (the org then sends sessions;
                                        by default it sends none, as Salesforce since February 2026, and posts
                                        to the Endpoint URL with its key): the session in the messages of
                                        opportunities after the N-th has expired, so their callbacks log in with
                                        the OAuth JWT bearer flow (default: half the scenario; N >= OPPORTUNITIES
                                        never expires it)
              --message fields|id-only  what the scenario's outbound messages carry: each opportunity's fields
                                        (default), or its ID only, which the order worker reads back from the
                                        org with its products; the reconciliation then checks every order's
                                        lines against the opportunity's products
              --erp-outages N           the ERP answers 503 to every try of the first delivery of N opportunities'
                                        orders: they come back after the queue's visibility timeout (default %d)
              --sqs-port N              SQS (ElasticMQ) port (default %d; 0 picks a free one)
              --dynamodb-port N         DynamoDB Local port (default %d; 0 picks a free one)
              --aws-endpoint URL        no emulators: the queues, table and secrets at this endpoint (LocalStack's,
                                        docs/localstack.md), reached as the functions reach AWS: URL is the SDK's
                                        AWS_ENDPOINT_URL, region and credentials the SDK's usual settings
              --max-concurrency N       concurrent invocations per SQS event source at most, below the template's
                                        MaximumConcurrency (default %d)
              --scenario-timeout S      seconds the scenario may take before it is reconciled as it stands
                                        (default %d)
              --chaos KINDS             a chaos run: faults injected at random in the scenario, each counted in
                                        the report, and a reconciliation that allows no loss and no duplicate,
                                        poison records dead-lettered then redriven (docs/reliability.md);
                                        KINDS is all or some of
                                        %s
              --seed N                  what decides the chaos run's faults (default: a random one, printed)
              --sync-schedule EXPR      the batch sync's schedule, rate(N minutes|hours|days), run --time-scale
                                        times faster like the template's SyncSchedule (default: the template's,
                                        rate(15 minutes): every 15 s at the default time scale)
              --notifications N         the same as --opportunities: one notification per opportunity
              --template FILE           the SAM template to read (default template.yaml)
              --parameter NAME=VALUE    a value for one of the template's parameters instead of its default, as
                                        sam deploy --parameter-overrides gives it, checked against its
                                        AllowedValues and AllowedPattern; again for each parameter, e.g.
                                        --parameter RequestReplyAuth=JwtAuthorizer
                                        --parameter "RequestReplyJwtPublicKeys=$(cat org-certificate.pem)"
              --log-file FILE           where the functions' JSON log lines go, its folder made if missing (default:
                                        a new file in the temporary directory, kept after the stack stops)
              --usage-file FILE         write the run's AWS usage there as JSON: invocations and durations, SQS,
                                        DynamoDB and Secrets Manager requests, log bytes (./dev bench cost prices it)
              --help                    this text
            """.formatted(DEFAULT_PORT, DEFAULT_STATUS_PORT, TestIds.ORG, DEFAULT_OPPORTUNITIES, DEFAULT_TIME_SCALE, DEFAULT_ERP_OUTAGES,
            DEFAULT_SQS_PORT, DEFAULT_DYNAMODB_PORT, DEFAULT_MAX_CONCURRENCY, DEFAULT_SCENARIO_TIMEOUT_SECONDS,
            ChaosFault.flagLines(" ".repeat(28)));

    /** How many opportunities' messages carry a live session. */
    int liveSessionOpportunities() {
        return expireSessionAfter != null ? expireSessionAfter : opportunities / 2;
    }

    /** The flags that take a value; the others are switches. */
    private static final Set<String> VALUED = Set.of("--port", "--status-port", "--org-ids", "--template", "--opportunities", "--close-rate",
            "--time-scale", "--expire-session-after", "--erp-outages", "--sqs-port", "--dynamodb-port", "--max-concurrency",
            "--scenario-timeout", "--log-file", "--usage-file", "--aws-endpoint", "--message", "--chaos", "--seed", "--notifications",
            "--sync-schedule");

    public static LocalOptions parse(String... args) {
        Map<String, String> given = new HashMap<>();
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> given.put("--help", "");
                case "--exit-after-scenario" -> given.put(args[i], "");
                case "--parameter" -> {
                    String pair = i + 1 < args.length ? args[++i] : "";
                    int equals = pair.indexOf('=');
                    if (equals < 1) {
                        throw new IllegalArgumentException("--parameter takes NAME=VALUE, not '" + pair + "'");
                    }
                    if (parameters.put(pair.substring(0, equals), pair.substring(equals + 1)) != null) {
                        throw new IllegalArgumentException("--parameter " + pair.substring(0, equals) + " is given twice");
                    }
                }
                default -> {
                    if (!VALUED.contains(args[i])) {
                        throw new IllegalArgumentException("unknown flag " + args[i] + "\n\n" + HELP);
                    }
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(args[i] + " needs a value\n\n" + HELP);
                    }
                    given.put(args[i], args[++i]);
                }
            }
        }
        if (given.containsKey("--opportunities") && given.containsKey("--notifications")) {
            throw new IllegalArgumentException("--notifications is another name for --opportunities: give one of them");
        }
        if (given.containsKey("--notifications")) {
            given.put("--opportunities", given.get("--notifications"));
        }
        Set<ChaosFault> chaos = given.containsKey("--chaos") ? ChaosFault.parse(given.get("--chaos")) : Set.of();
        ScenarioMessage message = ScenarioMessage.fromFlag(given.getOrDefault("--message", "fields"));
        if (!chaos.isEmpty() && message != ScenarioMessage.FIELDS) {
            throw new IllegalArgumentException("--chaos runs with --message fields: its races are changes the messages carry");
        }
        String syncSchedule = given.get("--sync-schedule");
        if (syncSchedule != null) {
            if (parameters.containsKey(SYNC_SCHEDULE_PARAMETER)) {
                throw new IllegalArgumentException("--sync-schedule sets the parameter " + SYNC_SCHEDULE_PARAMETER + ": give one of them");
            }
            LocalSchedule.rate("--sync-schedule", syncSchedule);
            parameters.put(SYNC_SCHEDULE_PARAMETER, syncSchedule);
        }
        Integer expireSessionAfter = given.containsKey("--expire-session-after")
                ? number(given, "--expire-session-after", 0, 0, Integer.MAX_VALUE) : null;
        return new LocalOptions(port(given, "--port", DEFAULT_PORT), given.getOrDefault("--org-ids", TestIds.ORG),
                Path.of(given.getOrDefault("--template", "template.yaml")),
                number(given, "--opportunities", DEFAULT_OPPORTUNITIES, 0, 1_000_000), number(given, "--close-rate", 0, 0, 1_000_000),
                given.containsKey("--exit-after-scenario"),
                new TimeScale(number(given, "--time-scale", DEFAULT_TIME_SCALE, 1, 3600)), expireSessionAfter,
                number(given, "--erp-outages", DEFAULT_ERP_OUTAGES, 0, 1_000_000), port(given, "--sqs-port", DEFAULT_SQS_PORT),
                port(given, "--dynamodb-port", DEFAULT_DYNAMODB_PORT),
                number(given, "--max-concurrency", DEFAULT_MAX_CONCURRENCY, 1, 1000),
                Duration.ofSeconds(number(given, "--scenario-timeout", DEFAULT_SCENARIO_TIMEOUT_SECONDS, 1, 86_400)),
                given.containsKey("--log-file") ? Path.of(given.get("--log-file")) : null,
                given.containsKey("--usage-file") ? Path.of(given.get("--usage-file")) : null,
                port(given, "--status-port", DEFAULT_STATUS_PORT),
                given.containsKey("--aws-endpoint") ? httpUrl(given.get("--aws-endpoint"), "--aws-endpoint") : null,
                message, chaos, seed(given), Map.copyOf(parameters), given.containsKey("--help"));
    }

    private static long seed(Map<String, String> given) {
        String value = given.get("--seed");
        if (value == null) {
            return new SecureRandom().nextLong();
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed takes a whole number, not " + value);
        }
    }

    /** An http(s) URL with a host, as the SDK takes an endpoint. */
    private static URI httpUrl(String value, String flag) {
        try {
            URI uri = new URI(value);
            if (uri.getHost() != null && List.of("http", "https").contains(uri.getScheme())) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // told below, as any other value that is not such a URL
        }
        throw new IllegalArgumentException(flag + " takes an http(s) URL such as http://127.0.0.1:4566, not " + value);
    }

    private static int port(Map<String, String> given, String flag, int otherwise) {
        return number(given, flag, otherwise, 0, 65535);
    }

    private static int number(Map<String, String> given, String flag, int otherwise, int min, int max) {
        String value = given.get(flag);
        if (value == null) {
            return otherwise;
        }
        try {
            int number = Integer.parseInt(value);
            if (number < min || number > max) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a number from " + min + " to " + max + ", not " + value);
        }
    }
}
