package dev.sfbridge.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.observability.Metric;
import dev.sfbridge.observability.Metrics;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.TestClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

class SqsBatchConsumerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Stands in for a body that carries a session ID: it must never reach the log. */
    private static final String SECRET_BODY = "sessionId=00Dxx0000001gEF!AQ4AQSecret";

    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final CountingMetrics metrics = new CountingMetrics();
    private final RecordingVisibility sqs = new RecordingVisibility();
    private final SqsBatchConsumer consumer = new SqsBatchConsumer(
            new JsonLog(logLines::add, new TestClock(Instant.parse("2026-11-23T12:00:00Z"))), metrics, sqs,
            new RedeliveryBackoff(Duration.ofSeconds(30), Duration.ofHours(1), () -> 0.5));

    @Test
    void eachMessageIsDeletedOrRetriedAsItsHandlerSays() {
        List<SQSMessage> batch = messages("m1", "m2", "m3", "m4");
        Map<String, Disposition> answers = Map.of("m1", Disposition.DONE, "m2", Disposition.RETRY,
                "m3", Disposition.DONE, "m4", Disposition.RETRY);

        SQSBatchResponse response = consumer.processEach(batch, m -> {
            metrics.count(Metric.ACKS);
            return answers.get(m.getMessageId());
        });

        assertEquals(List.of("m2", "m4"), failedIds(response));
        assertEquals(List.of(), logLines, "a planned retry is the handler's to log");
        assertEquals(1, metrics.flushes.get());
        assertEquals(4, metrics.flushedAcks.get(), "what the handlers counted is flushed after they all finished");
    }

    @Test
    void anUnexpectedExceptionIsLoggedWithItsClassAndMessageIdAndFailsOnlyItsMessage() throws IOException {
        List<SQSMessage> batch = messages("m1", "m2", "m3");

        SQSBatchResponse response = consumer.processEach(batch, m -> {
            if (m.getMessageId().equals("m2")) {
                throw new IllegalStateException("surprise in " + m.getBody());
            }
            return Disposition.DONE;
        });

        assertEquals(List.of("m2"), failedIds(response));
        assertEquals(1, logLines.size(), logLines.toString());
        JsonNode line = JSON.readTree(logLines.get(0));
        assertEquals("ERROR", line.get("level").asText());
        assertEquals(SqsBatchConsumer.UNEXPECTED, line.get("message").asText());
        assertEquals("m2", line.get(JsonLog.MESSAGE_ID).asText());
        assertEquals(IllegalStateException.class.getName(), line.get("error").asText());
        assertFalse(logLines.get(0).contains("sessionId"), "the body, and the exception's message with it, stay out of the log");
        assertEquals(1, metrics.flushes.get());
    }

    @Test
    void anUnexpectedExceptionsCausesAndTheStepItFailedInAreLoggedByClassAndFrameOnly() throws IOException {
        List<SQSMessage> batch = messages("m1");

        consumer.processEach(batch, m -> {
            throw new RuntimeException(new InterruptedException("interrupted reading " + m.getBody()));
        });

        JsonNode line = JSON.readTree(logLines.get(0));
        assertEquals(RuntimeException.class.getName(), line.get("error").asText());
        assertEquals(List.of(InterruptedException.class.getName()), JSON.convertValue(line.get("causes"), List.class));
        assertTrue(line.get("at").asText().startsWith(SqsBatchConsumerTest.class.getName() + ".lambda$"), line.toString());
        assertFalse(logLines.get(0).contains("interrupted reading"), "no message of any link");
    }

    @Test
    void anErrorFailsTheWholeInvocationAfterTheOtherMessagesFinishAndStillFlushes() {
        List<SQSMessage> batch = messages("m1", "crash", "m3");
        AtomicInteger finished = new AtomicInteger();
        CountDownLatch othersDone = new CountDownLatch(2);
        OutOfMemoryError crash = new OutOfMemoryError("going down");

        OutOfMemoryError thrown = assertThrows(OutOfMemoryError.class, () -> consumer.processEach(batch, m -> {
            if (m.getMessageId().equals("crash")) {
                await(othersDone);
                throw crash;
            }
            metrics.count(Metric.ACKS);
            finished.incrementAndGet();
            othersDone.countDown();
            return Disposition.DONE;
        }));

        assertSame(crash, thrown);
        assertEquals(2, finished.get());
        assertEquals(1, metrics.flushes.get());
        assertEquals(2, metrics.flushedAcks.get(), "what was done before the crash is still counted");
    }

    @Test
    void messagesAreHandledConcurrently() {
        List<SQSMessage> batch = messages("m1", "m2", "m3", "m4", "m5");
        // each handler waits until all of them have started: run one after another, none would ever finish
        CountDownLatch allStarted = new CountDownLatch(batch.size());

        SQSBatchResponse response = consumer.processEach(batch, m -> {
            allStarted.countDown();
            return await(allStarted) ? Disposition.DONE : Disposition.RETRY;
        });

        assertEquals(List.of(), failedIds(response));
    }

    @Test
    void anEmptyBatchAnswersWithNoFailuresAndStillFlushes() {
        AtomicInteger calls = new AtomicInteger();

        assertEquals(List.of(), failedIds(consumer.processEach(List.of(), m -> {
            calls.incrementAndGet();
            return Disposition.DONE;
        })));
        assertEquals(List.of(), failedIds(consumer.settleTogether(List.of(), all -> Map.of())));

        assertEquals(0, calls.get());
        assertEquals(2, metrics.flushes.get());
    }

    @Test
    void aMessageIdTwiceInOneBatchIsHandledTwiceAndReportedOnceIfEitherCopyFails() {
        List<SQSMessage> batch = messages("m1", "dup", "m2", "dup");
        AtomicInteger dupCopies = new AtomicInteger();

        SQSBatchResponse response = consumer.processEach(batch, m -> m.getMessageId().equals("dup") && dupCopies.incrementAndGet() == 2
                ? Disposition.RETRY : Disposition.DONE);

        assertEquals(2, dupCopies.get());
        assertEquals(List.of("dup"), failedIds(response));
        assertEquals(List.of("dup"), failedIds(consumer.settleTogether(batch, all -> Map.of("m1", Disposition.DONE,
                "dup", Disposition.RETRY, "m2", Disposition.DONE))));
    }

    @Test
    void aStepOverTheWholeBatchRunsOnceFirstAndEachHandlerGetsWhatItGave() {
        AtomicInteger steps = new AtomicInteger();
        List<String> seenByStep = new CopyOnWriteArrayList<>();

        SQSBatchResponse response = consumer.processEach(messages("m1", "m2", "m3"), all -> {
            steps.incrementAndGet();
            all.forEach(m -> seenByStep.add(m.getMessageId()));
            return Map.of("m2", "read");
        }, (read, m) -> "read".equals(read.get(m.getMessageId())) ? Disposition.RETRY : Disposition.DONE);

        assertEquals(1, steps.get());
        assertEquals(List.of("m1", "m2", "m3"), seenByStep);
        assertEquals(List.of("m2"), failedIds(response));
        assertEquals(1, metrics.flushes.get());
    }

    @Test
    void aStepOverTheBatchThatThrowsRetriesEveryMessageWithoutHandlingAny() throws IOException {
        AtomicInteger handled = new AtomicInteger();

        SQSBatchResponse response = consumer.<Map<String, String>>processEach(messages("m1", "m2"), all -> {
            throw new UncheckedIOException(new IOException(SECRET_BODY));
        }, (read, m) -> {
            handled.incrementAndGet();
            return Disposition.DONE;
        });

        assertEquals(List.of("m1", "m2"), failedIds(response));
        assertEquals(0, handled.get());
        assertEquals(2, logLines.size());
        assertEquals(UncheckedIOException.class.getName(), JSON.readTree(logLines.getFirst()).get("error").asText());
        assertFalse(String.join("", logLines).contains("Secret"));
        assertEquals(1, metrics.flushes.get());
    }

    @Test
    void aBatchSettledTogetherIsAnsweredPerMessage() {
        List<SQSMessage> batch = messages("m1", "m2", "m3");
        List<List<String>> seen = new ArrayList<>();

        SQSBatchResponse response = consumer.settleTogether(batch, all -> {
            seen.add(all.stream().map(SQSMessage::getMessageId).toList());
            metrics.count(Metric.ACKS);
            return Map.of("m1", Disposition.RETRY, "m2", Disposition.DONE, "m3", Disposition.RETRY);
        });

        assertEquals(List.of(List.of("m1", "m2", "m3")), seen, "the whole batch, in one call");
        assertEquals(List.of("m1", "m3"), failedIds(response));
        assertEquals(1, metrics.flushes.get());
        assertEquals(1, metrics.flushedAcks.get());
    }

    @Test
    void aMessageTheSettlementGivesNoAnswerForIsLoggedAndRetried() throws IOException {
        SQSBatchResponse response = consumer.settleTogether(messages("m1", "m2"), all -> Map.of("m1", Disposition.DONE));

        assertEquals(List.of("m2"), failedIds(response));
        JsonNode line = JSON.readTree(logLines.get(0));
        assertEquals(List.of("m2", "no disposition"), List.of(line.get(JsonLog.MESSAGE_ID).asText(), line.get("error").asText()));
    }

    @Test
    void aSettlementThatThrowsRetriesEveryMessageAndLogsEachId() throws IOException {
        SQSBatchResponse response = consumer.settleTogether(messages("m1", "m2"), all -> {
            throw new UncheckedIOException(new IOException(SECRET_BODY));
        });

        assertEquals(List.of("m1", "m2"), failedIds(response));
        assertEquals(2, logLines.size());
        for (int i = 0; i < 2; i++) {
            JsonNode line = JSON.readTree(logLines.get(i));
            assertEquals("m" + (i + 1), line.get(JsonLog.MESSAGE_ID).asText());
            assertEquals(UncheckedIOException.class.getName(), line.get("error").asText());
            assertFalse(logLines.get(i).contains("Secret"));
        }
        assertEquals(1, metrics.flushes.get());
    }

    @Test
    void anErrorInASettlementFailsTheInvocationAndStillFlushes() {
        StackOverflowError crash = new StackOverflowError();

        assertSame(crash, assertThrows(StackOverflowError.class, () -> consumer.settleTogether(messages("m1"), all -> {
            metrics.count(Metric.ACKS);
            throw crash;
        })));

        assertEquals(1, metrics.flushes.get());
        assertEquals(1, metrics.flushedAcks.get());
    }

    @Test
    void eachRetriedMessageIsHiddenForTheBackoffOfItsReceiveCountAndTheDoneOnesAreLeftAlone() {
        List<SQSMessage> batch = messages("m1", "m2", "m3");
        batch.get(0).setAttributes(Map.of("ApproximateReceiveCount", "1"));
        batch.get(2).setAttributes(Map.of("ApproximateReceiveCount", "4"));
        Map<String, Disposition> answers = Map.of("m1", Disposition.RETRY, "m2", Disposition.DONE, "m3", Disposition.RETRY);

        SQSBatchResponse response = consumer.processEach(batch, m -> answers.get(m.getMessageId()));

        assertEquals(List.of("m1", "m3"), failedIds(response));
        ChangeMessageVisibilityBatchRequest change = sqs.requests.getFirst();
        assertEquals("https://sqs.eu-west-1.amazonaws.com/123456789012/sfbridge-notifications", change.queueUrl());
        // receive 1: ceiling 30 s, jitter 0.5 -> 22.5 s, rounded up; receive 4: ceiling 240 s -> 180 s
        assertEquals(List.of("rh-m1=23", "rh-m3=180"), hidden());
        assertEquals(List.of(), logLines);
    }

    @Test
    void aRetryAfterIsHiddenForItsWaitWhenThatIsLongerThanTheBackoff() {
        List<SQSMessage> batch = messages("m1", "m2");

        consumer.processEach(batch, m -> m.getMessageId().equals("m1")
                ? new Disposition.RetryAfter(Duration.ofMinutes(10)) : new Disposition.RetryAfter(Duration.ofSeconds(1)));

        assertEquals(List.of("rh-m1=600", "rh-m2=23"), hidden());
    }

    @Test
    void aMessageOfPartsIsDoneOnlyWhenEveryPartIsAndHiddenForTheLongestWaitOfItsParts() {
        List<SQSMessage> batch = messages("m1", "m2", "m3");
        batch.get(0).setBody("a,b,c");
        batch.get(1).setBody("d,e");
        batch.get(2).setBody("f");
        Map<String, Disposition> answers = Map.of("a", Disposition.DONE, "b", Disposition.RETRY,
                "c", new Disposition.RetryAfter(Duration.ofMinutes(10)), "d", Disposition.DONE, "e", Disposition.DONE,
                "f", Disposition.RETRY);
        List<String> seen = new CopyOnWriteArrayList<>();
        List<List<String>> prepared = new ArrayList<>();

        SQSBatchResponse response = consumer.processEachPart(batch, body -> List.of(body.split(",")), parts -> {
            prepared.add(parts.stream().map(SQSMessage::getMessageId).toList());
            return parts.size();
        }, (count, part) -> {
            seen.add(part.getMessageId() + "=" + part.getBody() + "@" + part.getReceiptHandle());
            return answers.get(part.getBody());
        });

        assertEquals(List.of(List.of("m1#1", "m1#2", "m1#3", "m2#1", "m2#2", "m3")), prepared, "one step over every part");
        assertEquals(List.of("m1#1=a@rh-m1", "m1#2=b@rh-m1", "m1#3=c@rh-m1", "m2#1=d@rh-m2", "m2#2=e@rh-m2", "m3=f@rh-m3"),
                seen.stream().sorted().toList());
        assertEquals(List.of("m1", "m3"), failedIds(response), "m2's parts were all done");
        assertEquals(List.of("rh-m1=600", "rh-m3=23"), hidden(), "m1 waits as long as its part c asked, once");
    }

    @Test
    void aPartThatThrowsIsLoggedUnderItsOwnIdAndBringsItsWholeMessageBack() throws IOException {
        List<SQSMessage> batch = messages("m1", "m2");
        batch.get(0).setBody("ok,boom");
        batch.get(1).setBody("ok");

        SQSBatchResponse response = consumer.processEachPart(batch, body -> List.of(body.split(",")), parts -> null,
                (ignored, part) -> {
                    if (part.getBody().equals("boom")) {
                        throw new IllegalStateException("a bug");
                    }
                    return Disposition.DONE;
                });

        assertEquals(List.of("m1"), failedIds(response));
        assertEquals(1, logLines.size(), logLines.toString());
        assertEquals("m1#2", JSON.readTree(logLines.getFirst()).get(JsonLog.MESSAGE_ID).asText());
    }

    @Test
    void aMessageSplitIntoNoPartIsHandledWholeNeverSettledUnseenAndOnePartIsHandledUnderTheMessagesId() {
        List<SQSMessage> batch = messages("m1", "m2");
        batch.get(1).setBody("[x]");
        List<String> seen = new CopyOnWriteArrayList<>();

        SQSBatchResponse response = consumer.processEachPart(batch, body -> body.equals("[x]") ? List.of("x") : List.of(),
                parts -> null, (ignored, part) -> {
                    seen.add(part.getMessageId() + "=" + part.getBody());
                    return Disposition.RETRY;
                });

        assertEquals(List.of("m1=" + SECRET_BODY, "m2=x"), seen.stream().sorted().toList());
        assertEquals(List.of("m1", "m2"), failedIds(response));
    }

    @Test
    void aSplitThatThrowsIsLoggedAndRetriesItsOwnMessageOnly() throws IOException {
        List<SQSMessage> batch = messages("m1", "m2");
        batch.get(1).setBody("a,b");
        List<String> seen = new CopyOnWriteArrayList<>();

        SQSBatchResponse response = consumer.processEachPart(batch, body -> {
            if (body.equals(SECRET_BODY)) {
                throw new IllegalStateException("a bug in the split");
            }
            return List.of(body.split(","));
        }, parts -> null, (ignored, part) -> {
            seen.add(part.getMessageId());
            return Disposition.DONE;
        });

        assertEquals(List.of("m1"), failedIds(response));
        assertEquals(List.of("m2#1", "m2#2"), seen.stream().sorted().toList());
        JsonNode line = JSON.readTree(logLines.getFirst());
        assertEquals("m1", line.get(JsonLog.MESSAGE_ID).asText());
        assertEquals(IllegalStateException.class.getName(), line.get("error").asText());
        assertFalse(logLines.getFirst().contains(SECRET_BODY));
    }

    @Test
    void whenTheStepOverThePartsThrowsEveryMessageIsRetriedOnce() {
        List<SQSMessage> batch = messages("m1", "m2");
        batch.get(0).setBody("a,b");

        SQSBatchResponse response = consumer.processEachPart(batch, body -> List.of(body.split(",")), parts -> {
            throw new IllegalStateException("the query failed");
        }, (ignored, part) -> Disposition.DONE);

        assertEquals(List.of("m1", "m2"), failedIds(response));
        assertEquals(2, logLines.size(), "one line per message: " + logLines);
    }

    @Test
    void aBatchOfMoreThanTenRetriesIsHiddenInCallsOfTen() {
        String[] ids = new String[23];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "m" + i;
        }

        SQSBatchResponse response = consumer.settleTogether(messages(ids), all -> Map.of());

        assertEquals(23, failedIds(response).size());
        assertEquals(List.of(10, 10, 3), sqs.requests.stream().map(r -> r.entries().size()).toList());
    }

    @Test
    void aVisibilityChangeThatFailsIsLoggedAndTheMessageIsStillRetried() throws IOException {
        sqs.failure = (SqsException) SqsException.builder().message("throttled").build();

        SQSBatchResponse response = consumer.processEach(messages("m1", "m2"), m -> Disposition.RETRY);

        assertEquals(List.of("m1", "m2"), failedIds(response), "reported failed: it comes back after the queue's timeout");
        assertEquals(2, logLines.size(), logLines.toString());
        JsonNode line = JSON.readTree(logLines.get(0));
        assertEquals(Redelivery.NOT_HIDDEN, line.get("message").asText());
        assertEquals("m1", line.get(JsonLog.MESSAGE_ID).asText());
        assertEquals("SqsException", line.get("error").asText());
    }

    @Test
    void anEntrySqsRefusesIsLoggedAndItsMessageIsStillRetried() throws IOException {
        sqs.refusedEntry = "1";

        SQSBatchResponse response = consumer.processEach(messages("m1", "m2", "m3"), m -> Disposition.RETRY);

        assertEquals(List.of("m1", "m2", "m3"), failedIds(response));
        assertEquals(1, logLines.size(), logLines.toString());
        JsonNode line = JSON.readTree(logLines.get(0));
        assertEquals("m2", line.get(JsonLog.MESSAGE_ID).asText());
        assertEquals("ReceiptHandleIsInvalid", line.get("error").asText());
    }

    @Test
    void aMessageFromNoKnownQueueIsLoggedAndStillRetried() throws IOException {
        List<SQSMessage> batch = messages("m1");
        batch.getFirst().setEventSourceArn("not-an-arn");

        SQSBatchResponse response = consumer.processEach(batch, m -> Disposition.RETRY);

        assertEquals(List.of("m1"), failedIds(response));
        assertEquals(Redelivery.NOT_HIDDEN, JSON.readTree(logLines.getFirst()).get("message").asText());
        assertTrue(sqs.requests.isEmpty());
    }

    @Test
    void theQueueUrlMadeFromTheEventsArnReachesTheQueueAndHidesTheMessage() {
        EmbeddedSqs elasticMq = EmbeddedSqs.shared();
        String name = "backoff-" + UUID.randomUUID();
        // a queue that hides nothing itself: only the consumer's change can keep the message away
        String url = elasticMq.client().createQueue(b -> b.queueName(name)
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "0"))).queueUrl();
        elasticMq.client().sendMessage(b -> b.queueUrl(url).messageBody("{}"));
        Message received = elasticMq.client().receiveMessage(b -> b.queueUrl(url)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages().getFirst();
        SQSMessage record = new SQSMessage();
        record.setMessageId(received.messageId());
        record.setReceiptHandle(received.receiptHandle());
        record.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:" + name);
        record.setAttributes(Map.copyOf(received.attributesAsStrings()));
        SqsBatchConsumer onElasticMq = new SqsBatchConsumer(new JsonLog(logLines::add, Clock.systemUTC()), metrics,
                elasticMq.client(), RedeliveryBackoff.standard());

        onElasticMq.processEach(List.of(record), m -> Disposition.RETRY);

        assertEquals(List.of(), logLines);
        assertTrue(elasticMq.client().receiveMessage(b -> b.queueUrl(url)).messages().isEmpty(), "hidden for its backoff");
        assertEquals("1", elasticMq.client().getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributesAsStrings()
                .get("ApproximateNumberOfMessagesNotVisible"));
    }

    private List<String> hidden() {
        return sqs.requests.stream().flatMap(r -> r.entries().stream())
                .map(e -> e.receiptHandle() + "=" + e.visibilityTimeout()).toList();
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<SQSMessage> messages(String... ids) {
        List<SQSMessage> messages = new ArrayList<>();
        for (String id : ids) {
            SQSMessage message = new SQSMessage();
            message.setMessageId(id);
            message.setReceiptHandle("rh-" + id);
            message.setEventSourceArn("arn:aws:sqs:eu-west-1:123456789012:sfbridge-notifications");
            message.setBody(SECRET_BODY);
            messages.add(message);
        }
        return messages;
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    /** Records the visibility changes; refuses them all, or one entry, when told to. */
    private static final class RecordingVisibility implements SqsClient {
        final List<ChangeMessageVisibilityBatchRequest> requests = new CopyOnWriteArrayList<>();
        volatile SqsException failure;
        volatile String refusedEntry;

        @Override
        public ChangeMessageVisibilityBatchResponse changeMessageVisibilityBatch(ChangeMessageVisibilityBatchRequest request) {
            if (failure != null) {
                throw failure;
            }
            requests.add(request);
            return ChangeMessageVisibilityBatchResponse.builder()
                    .successful(request.entries().stream().filter(e -> !e.id().equals(refusedEntry))
                            .map(e -> ChangeMessageVisibilityBatchResultEntry.builder().id(e.id()).build()).toList())
                    .failed(request.entries().stream().filter(e -> e.id().equals(refusedEntry))
                            .map(e -> BatchResultErrorEntry.builder().id(e.id()).code("ReceiptHandleIsInvalid").senderFault(true).build())
                            .toList())
                    .build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {
        }
    }

    /** Counts flushes, and the {@code Acks} counted before each. */
    private static final class CountingMetrics implements Metrics {
        final AtomicInteger flushes = new AtomicInteger();
        final AtomicInteger flushedAcks = new AtomicInteger();
        private final Map<Series, Long> pending = new LinkedHashMap<>();

        @Override
        public synchronized void add(Series series, long count) {
            pending.merge(series, count, Long::sum);
        }

        @Override
        public synchronized void flush() {
            flushes.incrementAndGet();
            flushedAcks.addAndGet(pending.getOrDefault(new Series(Metric.ACKS, null), 0L).intValue());
            pending.clear();
        }
    }
}
