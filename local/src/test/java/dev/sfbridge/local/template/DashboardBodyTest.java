package dev.sfbridge.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfbridge.callback.CallbackHandler;
import dev.sfbridge.erpevents.ErpEventsHandler;
import dev.sfbridge.listener.OutboundMessageHandler;
import dev.sfbridge.observability.Metric;
import dev.sfbridge.observability.Metrics;
import dev.sfbridge.orderapi.OrderApiHandler;
import dev.sfbridge.sync.BatchSyncHandler;
import dev.sfbridge.worker.OrderWorkerHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The template's CloudWatch dashboard plots what the code emits: every sfbridge metric is a {@link Metric}, with
 * the {@code Function} dimension of a function that counts it (docs/observability.md's table, whose function
 * names are the handlers' constants) and no dimension but its breakdown; every AWS metric and log query names
 * one of the stack's own resources; every queue has its depth and its oldest message's age.
 */
class DashboardBodyTest {
    private static final Path TEMPLATE = Path.of(System.getProperty("sfbridge.template", "template.yaml"));
    private static final Path OBSERVABILITY_DOC = TEMPLATE.toAbsolutePath().getParent().resolve("docs/observability.md");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code SEARCH('{namespace,Dim,...} MetricName="X" Dim="v" ...', 'Stat', period)} */
    private static final Pattern SEARCH = Pattern.compile("SEARCH\\('\\{([^}]*)}((?:\\s+\\w+=\"[^\"]*\")*)',");
    private static final Pattern SEARCH_TERM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Pattern LOG_SOURCE = Pattern.compile("SOURCE '([^']*)'");
    private static final Set<String> QUEUE_METRICS = Set.of("ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage");

    private final Map<String, Object> template = CloudFormationYaml.read(TEMPLATE);

    @Test
    void theTemplatesDashboardPlotsOnlyWhatTheCodeEmitsAndEveryQueue() throws IOException {
        assertEquals(List.of(), problems(body("stack-a")));
    }

    @Test
    void aSecondStackGetsADashboardOfItsOwn() throws IOException {
        Map<String, Object> dashboard = properties(dashboardId());
        assertEquals("stack-b", intrinsics("stack-b").resolve(dashboard.get("DashboardName")));
        String a = body("stack-a").toString();
        String b = body("stack-b").toString();
        assertTrue(b.contains("stack-b-salesforce") && !b.contains("stack-a"), "the second stack's dashboard names its own API");
        assertEquals(a.replace("stack-a", "stack-b"), b);
    }

    @Test
    void theDocumentedFunctionsAreTheHandlersAndEveryMetricIsDocumented() throws IOException {
        Set<String> handlers = Set.of(OutboundMessageHandler.FUNCTION, OrderWorkerHandler.FUNCTION, CallbackHandler.FUNCTION,
                ErpEventsHandler.FUNCTION, OrderApiHandler.FUNCTION,
                BatchSyncHandler.FUNCTION);
        Map<String, Set<String>> documented = documentedEmitters();
        assertEquals(Arrays.stream(Metric.values()).map(Metric::metricName).collect(Collectors.toCollection(TreeSet::new)),
                new TreeSet<>(documented.keySet()));
        documented.forEach((metric, functions) -> assertTrue(handlers.containsAll(functions), metric + ": " + functions));
    }

    // the checks fail on what they are for: each test below breaks the real body in one way

    @Test
    void aMetricTheCodeDoesNotEmitIsNamed() throws IOException {
        ObjectNode body = body("stack-a");
        firstRow(body).set(1, JSON.getNodeFactory().textNode("Acked"));
        assertEquals(List.of("sfbridge metric Acked: the code emits no such metric"), problems(body));
    }

    @Test
    void aFunctionThatDoesNotCountTheMetricIsNamed() throws IOException {
        ObjectNode body = body("stack-a");
        firstRow(body).set(3, JSON.getNodeFactory().textNode("order-worker"));
        assertEquals(List.of("sfbridge metric Acks: Function order-worker does not emit it (it is [outbound-listener]'s)"),
                problems(body));
    }

    @Test
    void aDimensionTheCodeDoesNotWriteIsNamed() throws IOException {
        ObjectNode body = body("stack-a");
        ArrayNode row = firstRow(body);
        row.insert(4, "Reason");
        row.insert(5, "doctype");
        assertEquals(List.of("sfbridge metric Acks: dimensions [Function, Reason], the code writes [Function]"), problems(body));
    }

    @Test
    void aSearchForABreakdownTheMetricDoesNotHaveIsNamed() throws IOException {
        String body = body("stack-a").toString().replace("{sfbridge,Function,Kind} MetricName=\\\"ErpErrors\\\"",
                "{sfbridge,Function,Reason} MetricName=\\\"ErpErrors\\\"");
        assertEquals(List.of("sfbridge metric ErpErrors: dimensions [Function, Reason], the code writes [Function] and [Function, Kind]"),
                problems((ObjectNode) JSON.readTree(body)));
    }

    @Test
    void aQueueWithoutItsWidgetsIsNamed() throws IOException {
        ObjectNode body = body("stack-a");
        for (JsonNode widget : body.get("widgets")) {
            if (widget.path("properties").has("metrics")) {
                ArrayNode rows = (ArrayNode) widget.get("properties").get("metrics");
                for (int i = rows.size() - 1; i >= 0; i--) {
                    if (rows.get(i).toString().contains("name-of-CallbacksDeadLetterQueue")) {
                        rows.remove(i);
                    }
                }
            }
        }
        assertEquals(List.of("queue CallbacksDeadLetterQueue: no ApproximateAgeOfOldestMessage widget",
                "queue CallbacksDeadLetterQueue: no ApproximateNumberOfMessagesVisible widget"), problems(body));
    }

    @Test
    void aResourceNamedLiterallyInsteadOfTheStacksIsNamed() throws IOException {
        String body = body("stack-a").toString().replace("name-of-NotificationsQueue", "sfbridge-notifications");
        assertEquals(List.of("AWS/SQS ApproximateAgeOfOldestMessage: QueueName sfbridge-notifications is none of the stack's queues",
                        "AWS/SQS ApproximateNumberOfMessagesNotVisible: QueueName sfbridge-notifications is none of the stack's queues",
                        "AWS/SQS ApproximateNumberOfMessagesVisible: QueueName sfbridge-notifications is none of the stack's queues",
                        "queue NotificationsQueue: no ApproximateAgeOfOldestMessage widget",
                        "queue NotificationsQueue: no ApproximateNumberOfMessagesVisible widget"),
                problems((ObjectNode) JSON.readTree(body)));
    }

    @Test
    void aLogQueryOnAnotherLogGroupIsNamed() throws IOException {
        String body = body("stack-a").toString().replace("ref-of-ErpEventsLogGroup", "/aws/lambda/elsewhere");
        assertEquals(List.of("log widget: SOURCE /aws/lambda/elsewhere is none of the stack's log groups"),
                problems((ObjectNode) JSON.readTree(body)));
    }

    /** What is wrong with a dashboard body, sorted; empty when nothing is. */
    private List<String> problems(ObjectNode body) throws IOException {
        Map<String, Set<String>> emitters = documentedEmitters();
        Map<String, String> breakdowns = new LinkedHashMap<>();
        Arrays.stream(Metric.values()).forEach(m -> breakdowns.put(m.metricName(), m.breakdown()));
        Map<String, String> queueNames = new LinkedHashMap<>();
        resourceIds("AWS::SQS::Queue").forEach(id -> queueNames.put("name-of-" + id, id));
        Set<String> functions = resourceIds("AWS::Serverless::Function").stream().map(id -> "ref-of-" + id).collect(Collectors.toSet());
        Set<String> logGroups = resourceIds("AWS::Logs::LogGroup").stream().map(id -> "ref-of-" + id).collect(Collectors.toSet());
        Set<String> apis = resourceIds("AWS::Serverless::Api").stream()
                .map(id -> intrinsics("stack-a").resolve(properties(id).get("Name"))).collect(Collectors.toSet());

        Set<String> problems = new TreeSet<>();
        Map<String, Set<String>> queueMetrics = new LinkedHashMap<>();
        for (JsonNode widget : body.get("widgets")) {
            JsonNode properties = widget.path("properties");
            if (widget.path("type").asText().equals("log")) {
                Matcher source = LOG_SOURCE.matcher(properties.path("query").asText());
                while (source.find()) {
                    if (!logGroups.contains(source.group(1))) {
                        problems.add("log widget: SOURCE " + source.group(1) + " is none of the stack's log groups");
                    }
                }
                continue;
            }
            for (Plotted metric : plotted(properties.path("metrics"), problems)) {
                switch (metric.namespace()) {
                    case Metrics.NAMESPACE -> {
                        if (!breakdowns.containsKey(metric.name())) {
                            problems.add("sfbridge metric " + metric.name() + ": the code emits no such metric");
                            continue;
                        }
                        // a metric with a breakdown is written under both dimension sets (Metric's javadoc)
                        List<Set<String>> written = breakdowns.get(metric.name()) == null ? List.of(Set.of("Function"))
                                : List.of(Set.of("Function"), new TreeSet<>(Set.of("Function", breakdowns.get(metric.name()))));
                        if (!written.contains(new TreeSet<>(metric.dimensions().keySet()))) {
                            problems.add("sfbridge metric %s: dimensions %s, the code writes %s".formatted(metric.name(),
                                    new TreeSet<>(metric.dimensions().keySet()),
                                    written.stream().map(d -> new TreeSet<>(d).toString()).collect(Collectors.joining(" and "))));
                        }
                        String function = metric.dimensions().get("Function");
                        if (function != null && !emitters.get(metric.name()).contains(function)) {
                            problems.add("sfbridge metric %s: Function %s does not emit it (it is %s's)".formatted(metric.name(),
                                    function, emitters.get(metric.name())));
                        }
                    }
                    case "AWS/SQS" -> {
                        String queue = metric.dimensions().get("QueueName");
                        if (!queueNames.containsKey(queue)) {
                            problems.add("AWS/SQS %s: QueueName %s is none of the stack's queues".formatted(metric.name(), queue));
                        } else {
                            queueMetrics.computeIfAbsent(queueNames.get(queue), q -> new TreeSet<>()).add(metric.name());
                        }
                    }
                    case "AWS/Lambda" -> {
                        if (!functions.contains(metric.dimensions().get("FunctionName"))) {
                            problems.add("AWS/Lambda %s: FunctionName %s is none of the stack's functions".formatted(metric.name(),
                                    metric.dimensions().get("FunctionName")));
                        }
                    }
                    case "AWS/ApiGateway" -> {
                        if (!apis.contains(metric.dimensions().get("ApiName"))) {
                            problems.add("AWS/ApiGateway %s: ApiName %s is none of the stack's APIs".formatted(metric.name(),
                                    metric.dimensions().get("ApiName")));
                        }
                    }
                    default -> problems.add("metric " + metric.namespace() + " " + metric.name() + ": a namespace this test does not know");
                }
            }
        }
        for (String queue : queueNames.values()) {
            for (String required : QUEUE_METRICS) {
                if (!queueMetrics.getOrDefault(queue, Set.of()).contains(required)) {
                    problems.add("queue " + queue + ": no " + required + " widget");
                }
            }
        }
        return List.copyOf(problems);
    }

    private record Plotted(String namespace, String name, Map<String, String> dimensions) {}

    /**
     * A metric widget's rows: {@code [namespace, name, dim, value, ..., {options}]} or {@code [{"expression": ...}]}.
     * The {@code "."} shorthand (the row above's value) is not used here; a row with it fails as an unknown namespace.
     */
    private static List<Plotted> plotted(JsonNode rows, Set<String> problems) {
        List<Plotted> plotted = new ArrayList<>();
        for (JsonNode row : rows) {
            if (row.get(0).isObject()) {
                String expression = row.get(0).path("expression").asText();
                Matcher search = SEARCH.matcher(expression);
                if (!search.find()) {
                    problems.add("expression " + expression + ": not a SEARCH this test reads");
                    continue;
                }
                List<String> schema = Arrays.stream(search.group(1).split(",")).map(String::trim).toList();
                Map<String, String> dimensions = new LinkedHashMap<>();
                schema.subList(1, schema.size()).forEach(d -> dimensions.put(d, null));
                String name = null;
                Matcher term = SEARCH_TERM.matcher(search.group(2));
                while (term.find()) {
                    if (term.group(1).equals("MetricName")) {
                        name = term.group(2);
                    } else {
                        dimensions.put(term.group(1), term.group(2));
                    }
                }
                plotted.add(new Plotted(schema.get(0), name, dimensions));
                continue;
            }
            Map<String, String> dimensions = new LinkedHashMap<>();
            int end = row.get(row.size() - 1).isObject() ? row.size() - 1 : row.size();
            for (int i = 2; i + 1 < end; i += 2) {
                dimensions.put(row.get(i).asText(), row.get(i + 1).asText());
            }
            plotted.add(new Plotted(row.get(0).asText(), row.get(1).asText(), dimensions));
        }
        return plotted;
    }

    /** docs/observability.md's metrics table (in its section "Metrics"): metric name → the functions that count it. */
    private static Map<String, Set<String>> documentedEmitters() throws IOException {
        Pattern row = Pattern.compile("^\\| `(\\w+)` \\| ([a-z, -]+) \\|");
        Map<String, Set<String>> emitters = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(OBSERVABILITY_DOC);
        int section = lines.indexOf("## Metrics");
        assertTrue(section >= 0, OBSERVABILITY_DOC + " has no section \"## Metrics\"");
        for (String line : lines.subList(section, lines.size())) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                emitters.put(m.group(1), Arrays.stream(m.group(2).split(",")).map(String::trim).collect(Collectors.toSet()));
            }
        }
        return emitters;
    }

    private ObjectNode body(String stackName) throws IOException {
        return (ObjectNode) JSON.readTree(intrinsics(stackName).resolve(properties(dashboardId()).get("DashboardBody")));
    }

    /** Every resource's !Ref and the queues' names as markers, so a value the body spells out itself stands out. */
    private Intrinsics intrinsics(String stackName) {
        Intrinsics intrinsics = new Intrinsics(stackName, "eu-west-1", "123456789012");
        resources().keySet().forEach(id -> intrinsics.ref(id, "ref-of-" + id).attribute(id, "QueueName", "name-of-" + id));
        return intrinsics;
    }

    private String dashboardId() {
        List<String> dashboards = resourceIds("AWS::CloudWatch::Dashboard");
        assertEquals(1, dashboards.size(), "dashboards in the template: " + dashboards);
        return dashboards.get(0);
    }

    private List<String> resourceIds(String type) {
        return resources().entrySet().stream().filter(r -> type.equals(((Map<?, ?>) r.getValue()).get("Type"))).map(Map.Entry::getKey).toList();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> resources() {
        return (Map<String, Object>) template.get("Resources");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> properties(String id) {
        return (Map<String, Object>) ((Map<String, Object>) resources().get(id)).get("Properties");
    }

    /** The first widget's first row: the listener's acks. */
    private static ArrayNode firstRow(ObjectNode body) {
        return (ArrayNode) body.get("widgets").get(0).get("properties").get("metrics").get(0);
    }
}
