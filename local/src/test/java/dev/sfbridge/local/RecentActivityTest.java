package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What the status page takes from the functions' log lines: the last errors and the listener's latencies. */
class RecentActivityTest {

    @Test
    void keepsTheLastErrorsNewestFirstAndTheListenersLatenciesOldestFirst() {
        RecentActivity activity = new RecentActivity();
        activity.accept("""
                {"timestamp":"t1","level":"INFO","message":"outbound message","outcome":"ack","durationMs":40}""");
        activity.accept("""
                {"timestamp":"t2","level":"ERROR","message":"notification","outcome":"RETRY_LATER","reason":"erp_unavailable","recordId":"006x"}""");
        activity.accept("""
                {"timestamp":"t3","level":"ERROR","message":"outbound message","outcome":"fault","reason":"enqueue_failed","durationMs":900}""");
        activity.accept("""
                {"timestamp":"t4","level":"INFO","message":"notification","outcome":"APPLIED","durationMs":7}""");

        assertEquals(List.of(
                new RecentActivity.Error("t3", "outbound message", "fault", "enqueue_failed", null, null),
                new RecentActivity.Error("t2", "notification", "RETRY_LATER", "erp_unavailable", null, "006x")), activity.errors());
        assertEquals(2, activity.errorsSeen());
        // only the listener's answers are its latency; the worker's line is not
        assertEquals(List.of(new RecentActivity.Latency("t1", 40, "ack"), new RecentActivity.Latency("t3", 900, "fault")),
                activity.latencies());
    }

    @Test
    void keepsABoundedNumberAndCountsEveryError() {
        RecentActivity activity = new RecentActivity();
        IntStream.range(0, RecentActivity.ERRORS_KEPT + 5).forEach(i -> activity.accept(
                "{\"timestamp\":\"t" + i + "\",\"level\":\"ERROR\",\"message\":\"callback\",\"reason\":\"r" + i + "\"}"));
        IntStream.range(0, RecentActivity.LATENCIES_KEPT + 5).forEach(i -> activity.accept(
                "{\"level\":\"INFO\",\"message\":\"outbound message\",\"outcome\":\"ack\",\"durationMs\":" + i + "}"));

        assertEquals(RecentActivity.ERRORS_KEPT, activity.errors().size());
        assertEquals("r" + (RecentActivity.ERRORS_KEPT + 4), activity.errors().getFirst().reason());
        assertEquals(RecentActivity.ERRORS_KEPT + 5, activity.errorsSeen());
        assertEquals(RecentActivity.LATENCIES_KEPT, activity.latencies().size());
        assertEquals(5, activity.latencies().getFirst().durationMs());
        assertEquals(RecentActivity.LATENCIES_KEPT + 4, activity.latencies().getLast().durationMs());
    }

    @Test
    void ignoresWhatIsNotAJsonLogLine() {
        RecentActivity activity = new RecentActivity();
        activity.accept("not json");
        activity.accept("[1, 2]");
        activity.accept("");

        assertEquals(List.of(), activity.errors());
        assertEquals(0, activity.errorsSeen());
        assertEquals(List.of(), activity.latencies());
    }
}
