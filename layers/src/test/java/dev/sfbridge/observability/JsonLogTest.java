package dev.sfbridge.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class JsonLogTest {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final JsonLog log = new JsonLog(lines::add, Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void aLineIsOneJsonObjectWithTimeLevelMessageAndTheFieldsInOrder() {
        log.info("notification", Map.of("recordId", "006000000000001AAA"));

        assertEquals("{\"timestamp\":\"2026-11-23T12:00:00Z\",\"level\":\"INFO\",\"message\":\"notification\","
                + "\"recordId\":\"006000000000001AAA\"}", lines.getFirst());
    }

    @Test
    void linesWrittenForARequestCarryItsIdOnEveryThreadItStarts() throws Exception {
        try (JsonLog.RequestScope scope = JsonLog.forRequest("req-1");
             ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            log.info("on the handler's thread", Map.of());
            workers.submit(() -> log.info("on a worker thread", Map.of())).get();
        }
        log.info("after the request", Map.of());

        assertEquals(List.of("req-1", "req-1"), lines.subList(0, 2).stream().map(JsonLogTest::requestId).toList());
        assertFalse(lines.get(2).contains("requestId"), lines.get(2));
    }

    @Test
    void anInnerScopeGivesWayToTheOuterOneWhenClosed() {
        try (JsonLog.RequestScope outer = JsonLog.forRequest("outer")) {
            try (JsonLog.RequestScope inner = JsonLog.forRequest("inner")) {
                log.info("inner", Map.of());
            }
            log.info("outer", Map.of());
        }

        assertEquals(List.of("inner", "outer"), lines.stream().map(JsonLogTest::requestId).toList());
    }

    private static String requestId(String line) {
        try {
            return new ObjectMapper().readTree(line).path(JsonLog.REQUEST_ID).asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
