package dev.sfbridge.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestLogTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    private final List<String> lines = new ArrayList<>();
    private final SteppingClock clock = new SteppingClock();
    private final RequestLog requests = new RequestLog(new JsonLog(lines::add, Clock.fixed(T0, ZoneOffset.UTC)), "erp order events", clock);

    @Test
    void aSucceededRequestIsOneInfoLineWithItsIdFirstItsFieldsInOrderAndItsDurationLast() {
        clock.answer(T0, T0.plusMillis(42));
        RequestLog.Line line = requests.start("req-1");
        line.put("outcome", "accepted");
        line.put("events", 2);

        line.write(true);

        assertEquals(List.of("{\"timestamp\":\"2026-11-23T12:00:00Z\",\"level\":\"INFO\",\"message\":\"erp order events\","
                + "\"requestId\":\"req-1\",\"outcome\":\"accepted\",\"events\":2,\"durationMs\":42}"), lines);
    }

    @Test
    void aFailedRequestIsAnErrorLine() throws Exception {
        clock.answer(T0, T0.plusSeconds(1));
        RequestLog.Line line = requests.start("req-2");
        line.put("outcome", "http_401");

        line.write(false);

        assertEquals(1, lines.size());
        Map<?, ?> written = new ObjectMapper().readValue(lines.getFirst(), Map.class);
        assertEquals("ERROR", written.get("level"));
        assertEquals("http_401", written.get("outcome"));
        assertEquals(1000, written.get("durationMs"));
    }

    @Test
    void whatWasPutIsReadBackBeforeTheLineIsWritten() {
        clock.answer(T0);
        RequestLog.Line line = requests.start("req-3");
        line.put("notifications", 3);

        assertEquals(3, line.get("notifications"));
        assertEquals("req-3", line.get(JsonLog.REQUEST_ID));
        assertNull(line.get("reason"));
        assertEquals(List.of(), lines, "nothing is written before write");
    }

    /** Answers the instants it was given, one per call: the start of a request, then its end. */
    private static final class SteppingClock extends Clock {
        private final Deque<Instant> instants = new ArrayDeque<>();

        void answer(Instant... next) {
            instants.addAll(List.of(next));
        }

        @Override
        public Instant instant() {
            return instants.remove();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
