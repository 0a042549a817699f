package dev.sfbridge.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RedeliveryBackoffTest {
    private static final Duration BASE = Duration.ofSeconds(30);
    private static final Duration CAP = Duration.ofHours(1);

    private static RedeliveryBackoff withJitter(double jitter) {
        return new RedeliveryBackoff(BASE, CAP, () -> jitter);
    }

    @Test
    void theCeilingDoublesWithEachReceiveUpToTheCap() {
        RedeliveryBackoff backoff = withJitter(0);

        assertEquals(List.of(30L, 60L, 120L, 240L, 480L, 960L, 1920L, 3600L, 3600L),
                IntStream.rangeClosed(1, 9).mapToObj(n -> backoff.ceiling(n).toSeconds()).toList());
        assertEquals(CAP, backoff.ceiling(1_000), "no overflow however often it was received");
        assertEquals(BASE, backoff.ceiling(0), "a count below 1 is the first delivery");
    }

    @Test
    void theDelayLiesBetweenHalfTheCeilingAndTheCeilingInWholeSeconds() {
        assertEquals(Duration.ofSeconds(15), withJitter(0).delay(1));
        assertEquals(Duration.ofSeconds(30), withJitter(0.999_999).delay(1));
        assertEquals(Duration.ofSeconds(1800), withJitter(0).delay(12));
        SplittableRandom random = new SplittableRandom(7);
        RedeliveryBackoff jittered = new RedeliveryBackoff(BASE, CAP, random::nextDouble);
        for (int receive = 1; receive <= 20; receive++) {
            for (int i = 0; i < 200; i++) {
                Duration delay = jittered.delay(receive);
                assertTrue(delay.compareTo(jittered.floor(receive)) >= 0 && delay.compareTo(jittered.ceiling(receive)) <= 0,
                        "receive " + receive + ": " + delay);
                assertEquals(0, delay.toNanosPart(), "SQS takes whole seconds");
            }
        }
    }

    @Test
    void jitterSpreadsMessagesThatFailedTogether() {
        SplittableRandom random = new SplittableRandom(11);
        RedeliveryBackoff jittered = new RedeliveryBackoff(BASE, CAP, random::nextDouble);

        long distinct = IntStream.range(0, 100).mapToObj(i -> jittered.delay(10)).distinct().count();

        assertTrue(distinct > 50, "100 messages at the cap came back at only " + distinct + " different times");
    }

    @Test
    void aWaitTheHandlerKnowsOfWinsWhenLongerAndNothingExceedsSqsMaximum() {
        RedeliveryBackoff backoff = withJitter(0);

        assertEquals(Duration.ofSeconds(15), backoff.delay(1, Duration.ofSeconds(3)));
        assertEquals(Duration.ofSeconds(91), backoff.delay(1, Duration.ofMillis(90_200)), "rounded up to SQS's seconds");
        assertEquals(RedeliveryBackoff.MAX_VISIBILITY, backoff.delay(1, Duration.ofDays(2)));
    }

    @Test
    void aMessageFailingForADayIsReceivedAtMost54Times() {
        // floors 15, 30, 60, 120, 240, 480, 960 s put receive 8 at 1,905 s; then one every 1,800 s at the least:
        // receive 54 at 84,705 s, receive 55 at 86,505 s, past the day
        assertEquals(54, RedeliveryBackoff.standard().receivesWithin(Duration.ofHours(24)));
        assertEquals(1, RedeliveryBackoff.standard().receivesWithin(Duration.ofSeconds(14)));
        assertEquals(2, RedeliveryBackoff.standard().receivesWithin(Duration.ofSeconds(15)));
    }

    @Test
    void aScheduleSqsCannotKeepIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RedeliveryBackoff(Duration.ofSeconds(1), CAP, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> new RedeliveryBackoff(CAP, BASE, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> new RedeliveryBackoff(BASE, Duration.ofHours(13), () -> 0));
    }
}
