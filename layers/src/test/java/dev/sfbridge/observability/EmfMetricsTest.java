package dev.sfbridge.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The records CloudWatch reads: namespace, dimensions and values as the template's alarms expect them. */
class EmfMetricsTest {
    private final List<String> lines = new ArrayList<>();
    private final EmfMetrics metrics = new EmfMetrics("order-worker", lines::add);

    @Test
    void aFlushWritesOneRecordOfCountsPerFunctionInTheSfbridgeNamespace() throws Exception {
        metrics.count(Metric.ORDERS_CREATED);
        metrics.count(Metric.ORDERS_CREATED);
        metrics.count(Metric.DEAD_LETTERS_SENT, 3);

        metrics.flush();

        assertEquals(1, lines.size(), lines.toString());
        JsonNode record = new ObjectMapper().readTree(lines.getFirst());
        JsonNode directive = record.path("_aws").path("CloudWatchMetrics").get(0);
        assertEquals("sfbridge", directive.path("Namespace").asText());
        assertEquals("[[\"Function\"]]", directive.path("Dimensions").toString());
        assertEquals("order-worker", record.path("Function").asText());
        assertEquals(2, record.path("OrdersCreated").asLong());
        assertEquals(3, record.path("DeadLettersSent").asLong());
        assertEquals(Map.of("OrdersCreated", "Count", "DeadLettersSent", "Count"), units(directive));
        assertTrue(record.path("_aws").path("Timestamp").isNumber());
    }

    @Test
    void aMetricWithABreakdownIsCountedPerFunctionAndPerValueInARecordOfItsOwn() throws Exception {
        metrics.count(Metric.ERP_ERRORS, "PERMANENT");
        metrics.count(Metric.ERP_ERRORS, "RETRYABLE");
        metrics.count(Metric.ERP_ERRORS, "RETRYABLE");
        metrics.count(Metric.DUPLICATES_SUPPRESSED);

        metrics.flush();

        Map<String, JsonNode> byKind = new TreeMap<>();
        for (String line : lines) {
            JsonNode record = new ObjectMapper().readTree(line);
            byKind.put(record.path("Kind").asText("-"), record);
        }
        assertEquals(List.of("-", "PERMANENT", "RETRYABLE"), List.copyOf(byKind.keySet()));
        assertEquals("[[\"Function\"],[\"Function\",\"Kind\"]]",
                byKind.get("RETRYABLE").path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString());
        assertEquals(2, byKind.get("RETRYABLE").path("ErpErrors").asLong());
        assertEquals(1, byKind.get("PERMANENT").path("ErpErrors").asLong());
        assertEquals(1, byKind.get("-").path("DuplicatesSuppressed").asLong());
    }

    @Test
    void aFlushStartsAgainFromZeroAndWritesNothingWhenNothingWasCounted() {
        metrics.count(Metric.ACKS);
        metrics.flush();
        metrics.flush();

        assertEquals(1, lines.size());
    }

    @Test
    void countsFromManyThreadsAddUp() throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            IntStream.range(0, 1000).forEach(i -> threads.submit(() -> metrics.count(Metric.CALLBACKS_APPLIED)));
        }
        metrics.flush();

        assertEquals(1000, new ObjectMapper().readTree(lines.getFirst()).path("CallbacksApplied").asLong());
    }

    @Test
    void aBreakdownIsRequiredExactlyWhereTheMetricHasOne() {
        assertThrows(IllegalArgumentException.class, () -> metrics.count(Metric.FAULTS));
        assertThrows(IllegalArgumentException.class, () -> metrics.count(Metric.ACKS, "doctype"));
    }

    @Test
    void aValueCloudWatchWouldRefuseCostsTheRecordNotTheInvocation() {
        metrics.count(Metric.FAULTS, "");

        metrics.flush();

        assertEquals(List.of("{\"level\":\"ERROR\",\"message\":\"metrics could not be written\",\"error\":\"InvalidDimensionException\"}"), lines);
    }

    private static Map<String, String> units(JsonNode directive) {
        Map<String, String> units = new TreeMap<>();
        directive.path("Metrics").forEach(m -> units.put(m.path("Name").asText(), m.path("Unit").asText()));
        return units;
    }
}
