package dev.sfbridge.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.sqs.RedeliveryBackoff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project template's alarms against what the code counts and how the stack fails: each one watches the
 * series the code emits, with the dimensions it emits them by, and nothing that can fail unseen is left out.
 */
class TemplateAlarmsTest {
    private static final Path TEMPLATE = Path.of(System.getProperty("sfbridge.template"));
    private static final Map<String, Object> RESOURCES = resources();

    /** One metric an alarm reads: directly, or as one MetricStat of its metric math. */
    record Watched(String alarm, String namespace, String metricName, Map<String, Object> dimensions) {}

    @Test
    void eachScheduledSyncJobHasAStallAlarmOnItsOwnSuccesses() {
        List<String> jobs = scheduledSyncJobs();
        assertEquals(List.of("erp-invoices-to-salesforce", "salesforce-accounts-to-erp"), jobs);

        List<Watched> successes = watched().stream().filter(w -> w.metricName().equals("SyncRunsSucceeded")).toList();
        // SyncRunner counts by Job: a sum over the jobs stays up while one of them stalls
        assertEquals(Set.copyOf(jobs), successes.stream().map(w -> w.dimensions().get("Job")).collect(Collectors.toSet()), successes.toString());
        for (Watched stall : successes) {
            Map<String, Object> alarm = properties(stall.alarm());
            assertEquals("batch-sync", stall.dimensions().get("Function"), stall.alarm());
            assertEquals("LessThanThreshold", alarm.get("ComparisonOperator"), stall.alarm());
            assertEquals("breaching", alarm.get("TreatMissingData"), stall.alarm() + ": no run at all is a stall");
        }
    }

    @Test
    void everyDeadLetterQueueHasAnAlarmOnEachRiseOfItsDepth() {
        List<String> deadLetterQueues = Stream.of("NotificationsQueue", "CallbacksQueue", "SyncContinuationQueue")
                .map(queue -> String.valueOf(((List<?>) ((Map<?, ?>) ((Map<?, ?>) properties(queue).get("RedrivePolicy"))
                        .get("deadLetterTargetArn")).get("Fn::GetAtt")).getFirst()))
                .toList();

        for (String deadLetterQueue : deadLetterQueues) {
            Map<String, Object> queueName = Map.of("Fn::GetAtt", List.of(deadLetterQueue, "QueueName"));
            // the depth alarm stays in ALARM while any is there, and CloudWatch acts on state changes only
            List<String> onRise = alarms().stream().filter(alarm -> {
                Map<String, Object> properties = properties(alarm);
                return watched(alarm).stream().anyMatch(w -> w.metricName().equals("ApproximateNumberOfMessagesVisible")
                        && w.dimensions().equals(Map.of("QueueName", queueName)))
                        && returned(properties).matches("DIFF\\(\\w+\\)")
                        && "GreaterThanThreshold".equals(properties.get("ComparisonOperator"))
                        && Integer.valueOf(0).equals(properties.get("Threshold"));
            }).toList();
            assertEquals(1, onRise.size(), deadLetterQueue + ": " + onRise);
        }
    }

    @Test
    void whatRefusesAnOutboundMessageOrAnErpEventBeforeTheFunctionsCodeIsAlarmed() {
        for (String function : List.of("OutboundListenerFunction", "ErpEventsFunction")) {
            for (String metric : List.of("Errors", "Throttles")) {
                assertTrue(watched().stream().anyMatch(w -> w.namespace().equals("AWS/Lambda") && w.metricName().equals(metric)
                        && w.dimensions().equals(Map.of("FunctionName", Map.of("Ref", function)))), function + " " + metric);
            }
        }
        for (String api : List.of("Api", "ErpApi")) {
            Object apiName = properties(api).get("Name");
            assertTrue(watched().stream().anyMatch(w -> w.namespace().equals("AWS/ApiGateway") && w.metricName().equals("5XXError")
                    && w.dimensions().equals(Map.of("ApiName", apiName))), api + " (" + apiName + ") 5XXError");
        }
    }

    @Test
    void salesforceConfigurationErrorsAreAlarmedForEveryFunctionThatCountsThem() throws IOException {
        Set<String> counting;
        try (Stream<Path> sources = Files.walk(TEMPLATE.resolveSibling("functions"))) {
            counting = sources.filter(file -> file.toString().endsWith(".java") && file.toString().contains("/src/main/"))
                    .filter(file -> read(file).contains("Metric.SALESFORCE_CONFIGURATION_ERRORS"))
                    // functions/<name>/ is the function whose Function dimension is <name>
                    .map(file -> TEMPLATE.resolveSibling("functions").relativize(file).getName(0).toString())
                    .collect(Collectors.toSet());
        }
        assertEquals(Set.of("order-worker", "salesforce-callback"), counting);

        Set<Object> alarmed = watched().stream().filter(w -> w.metricName().equals("SalesforceConfigurationErrors"))
                .map(w -> w.dimensions().get("Function")).collect(Collectors.toSet());
        assertEquals(counting, alarmed);
    }

    @Test
    void everyRefusalOfAnAllowedOrgsSenderPagesEvenOnce() {
        // the reasons the sender checks give (SessionFormat: a session of another org by its text): a wrong key or
        // session refuses each of an org's few messages an hour, too few for ListenerFaultsAlarm, until Salesforce drops them
        Set<String> reasons = new TreeSet<>();
        Pattern rejected = Pattern.compile("OutboundMessageRejected\\([^;]*?\"([a-z_]+)\"");
        for (String check : List.of("SessionCheck", "SessionFormat", "EndpointKeyCheck")) {
            Matcher matcher = rejected.matcher(read(TEMPLATE.resolveSibling(
                    "functions/outbound-listener/src/main/java/dev/sfbridge/listener/" + check + ".java")));
            while (matcher.find()) {
                reasons.add(matcher.group(1));
            }
        }
        assertTrue(reasons.containsAll(Set.of("endpoint_key_mismatch", "missing_session")), reasons.toString());

        Map<String, Object> alarm = properties("ListenerSenderRefusedAlarm");
        Set<Object> alarmed = watched("ListenerSenderRefusedAlarm").stream()
                .filter(w -> w.metricName().equals("Faults") && "outbound-listener".equals(w.dimensions().get("Function")))
                .map(w -> w.dimensions().get("Reason")).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(reasons, alarmed);
        assertEquals(1, ((Number) alarm.get("Threshold")).intValue(), "one refusal is enough");
    }

    @Test
    void noMetricMathAlarmWatchesMoreMetricsThanCloudWatchAllows() {
        // "A math expression used for an alarm can include as many as 10 metrics": only CloudFormation on AWS refuses more
        for (String alarm : alarms()) {
            assertTrue(watched(alarm).size() <= 10, alarm + " watches " + watched(alarm).size() + " metrics");
        }
    }

    @Test
    void theRunbookGivesTheTimeToTheDeadLetterQueueThatTheBackoffAndTheReceiveBudgetMakeAndRetentionOutlastsIt() {
        String runbook = read(TEMPLATE.resolveSibling("docs/runbook.md"));
        RedeliveryBackoff backoff = RedeliveryBackoff.standard();

        for (String queue : List.of("NotificationsQueue", "CallbacksQueue")) {
            int maxReceiveCount = Integer.parseInt(String.valueOf(((Map<?, ?>) properties(queue).get("RedrivePolicy")).get("maxReceiveCount")));
            Duration soonest = Duration.ZERO;
            Duration latest = Duration.ZERO;
            // the redrive policy moves a message at the receive after its maxReceiveCount-th: that many delays
            for (int receive = 1; receive <= maxReceiveCount; receive++) {
                soonest = soonest.plus(backoff.floor(receive));
                latest = latest.plus(backoff.ceiling(receive));
            }
            String stated = "after %d receives: %d to %d hours".formatted(maxReceiveCount, soonest.toHours(), latest.toHours());
            assertTrue(runbook.contains(stated), queue + ": the runbook does not say '" + stated + "'");
            // a message that fails every time must reach the dead-letter queue before its retention ends, with a day to
            // spare for receives the backoff does not pace: one that expired first would be lost without a word
            Duration retention = Duration.ofSeconds(Long.parseLong(String.valueOf(properties(queue).get("MessageRetentionPeriod"))));
            assertTrue(retention.compareTo(latest.plusDays(1)) >= 0, queue + " keeps messages " + retention.toHours()
                    + " hours, but one failing every time reaches the dead-letter queue only after up to " + latest.toHours());
        }
        assertFalse(runbook.contains("after 5 failed receives"), "the receive budget before the backoff");
    }

    @Test
    void everyAlarmTheDocsNameIsInTheTemplate() throws IOException {
        // an operator paged at night searches the docs for the alarm's name: one the docs spell otherwise is not found
        Set<String> alarms = Set.copyOf(alarms());
        Pattern named = Pattern.compile("`([A-Z][A-Za-z0-9]*Alarm)`");
        Set<String> unknown = new TreeSet<>();
        Path root = TEMPLATE.toAbsolutePath().getParent();
        try (Stream<Path> docs = Stream.concat(Stream.of(root.resolve("README.md")), Files.list(root.resolve("docs")))) {
            for (Path doc : docs.filter(path -> path.toString().endsWith(".md")).toList()) {
                Matcher alarm = named.matcher(read(doc));
                while (alarm.find()) {
                    if (!alarms.contains(alarm.group(1))) {
                        unknown.add(root.relativize(doc) + ": " + alarm.group(1));
                    }
                }
            }
        }
        assertTrue(unknown.isEmpty(), "alarms the docs name that the template does not have: " + unknown);
    }

    /** Every alarm's watched metrics. */
    private static List<Watched> watched() {
        return alarms().stream().flatMap(alarm -> watched(alarm).stream()).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Watched> watched(String alarm) {
        Map<String, Object> properties = properties(alarm);
        if (properties.containsKey("MetricName")) {
            return List.of(new Watched(alarm, (String) properties.get("Namespace"), String.valueOf(properties.get("MetricName")),
                    dimensions(properties.get("Dimensions"))));
        }
        List<Watched> watched = new ArrayList<>();
        for (Map<String, Object> query : (List<Map<String, Object>>) properties.get("Metrics")) {
            if (query.get("MetricStat") instanceof Map<?, ?> stat) {
                Map<String, Object> metric = (Map<String, Object>) stat.get("Metric");
                watched.add(new Watched(alarm, (String) metric.get("Namespace"), String.valueOf(metric.get("MetricName")),
                        dimensions(metric.get("Dimensions"))));
            }
        }
        return watched;
    }

    /** The expression a metric math alarm compares with its threshold; "" for an alarm on one metric. */
    @SuppressWarnings("unchecked")
    private static String returned(Map<String, Object> properties) {
        return properties.get("Metrics") instanceof List<?> queries ? queries.stream().map(q -> (Map<String, Object>) q)
                .filter(q -> Boolean.TRUE.equals(q.get("ReturnData"))).map(q -> String.valueOf(q.get("Expression")))
                .findFirst().orElse("") : "";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dimensions(Object dimensions) {
        Map<String, Object> byName = new LinkedHashMap<>();
        for (Map<String, Object> dimension : (List<Map<String, Object>>) dimensions) {
            byName.put((String) dimension.get("Name"), dimension.get("Value"));
        }
        return byName;
    }

    /** The jobs the batch sync's schedules start, in template order. */
    @SuppressWarnings("unchecked")
    private static List<String> scheduledSyncJobs() {
        Pattern job = Pattern.compile("\"syncJob\":\\s*\"([a-z-]+)\"");
        List<String> jobs = new ArrayList<>();
        for (Object event : ((Map<String, Object>) properties("BatchSyncFunction").get("Events")).values()) {
            Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) event).get("Properties");
            if ("Schedule".equals(((Map<String, Object>) event).get("Type"))) {
                Matcher input = job.matcher(String.valueOf(properties.get("Input")));
                assertTrue(input.find(), String.valueOf(properties.get("Input")));
                jobs.add(input.group(1));
            }
        }
        return jobs;
    }

    @SuppressWarnings("unchecked")
    private static List<String> alarms() {
        return RESOURCES.entrySet().stream()
                .filter(r -> "AWS::CloudWatch::Alarm".equals(((Map<String, Object>) r.getValue()).get("Type")))
                .map(Map.Entry::getKey).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(String logicalId) {
        assertTrue(RESOURCES.containsKey(logicalId), "template.yaml has no " + logicalId);
        return (Map<String, Object>) ((Map<String, Object>) RESOURCES.get(logicalId)).get("Properties");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resources() {
        return (Map<String, Object>) CloudFormationYaml.read(TEMPLATE).get("Resources");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
