package dev.sfbridge.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.Intercepted;
import dev.sfbridge.testing.RecordingMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/** What a dead-lettered message carries beside its body stays within {@link DeadLetterQueue#MAX_ATTRIBUTE_BYTES}. */
class DeadLetterQueueTest {
    private final EmbeddedSqs sqs = EmbeddedSqs.shared();
    private final String queueUrl = sqs.createQueue("dlq-" + UUID.randomUUID());
    private final List<SendMessageRequest> sent = new CopyOnWriteArrayList<>();
    private final SqsClient recording = Intercepted.of(SqsClient.class, sqs.client())
            .around(SendMessageRequest.class, (SendMessageRequest request, Function<SendMessageRequest, Object> real) -> {
                sent.add(request);
                return real.apply(request);
            }).client();

    /** As SQS counts message attributes toward a message's size: each one's name, data type and value. */
    private static int attributeBytes(Map<String, MessageAttributeValue> attributes) {
        return attributes.entrySet().stream().mapToInt(a -> bytes(a.getKey()) + bytes(a.getValue().dataType())
                + bytes(a.getValue().stringValue())).sum();
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void aLongReasonOfWideCharactersIsCutToTheAttributesShareWholeCharactersOnly() {
        // 3,000 characters of 2 bytes and one of 4 (a surrogate pair) where the cut falls
        String reason = "é".repeat(1_000) + "\uD83D\uDE00".repeat(1_000) + "é".repeat(1_000);
        new DeadLetterQueue(recording, queueUrl, Clock.fixed(Instant.parse("2026-11-23T12:00:00.123456789Z"), ZoneOffset.UTC),
                new RecordingMetrics()).send("{\"body\":1}", reason, UUID.randomUUID().toString());

        Map<String, MessageAttributeValue> attributes = sent.getFirst().messageAttributes();
        assertTrue(attributeBytes(attributes) <= DeadLetterQueue.MAX_ATTRIBUTE_BYTES, attributeBytes(attributes) + " bytes");
        assertTrue(attributeBytes(attributes) > DeadLetterQueue.MAX_ATTRIBUTE_BYTES - 4, "as much of the reason as fits");
        String kept = attributes.get(DeadLetterQueue.REASON).stringValue();
        assertTrue(reason.startsWith(kept) && !Character.isHighSurrogate(kept.charAt(kept.length() - 1)), kept);

        assertEquals(1, sqs.drain(queueUrl).size());
    }

    @Test
    void aReasonWithCharactersNoMessageMayHoldIsSentWithThemReplaced() {
        // what SQS refuses in an attribute as in a body: a control character, an unpaired surrogate, U+FFFF
        new DeadLetterQueue(recording, queueUrl, Clock.systemUTC(), new RecordingMetrics())
                .send("{\"body\":1}", "ERP: bell\u0007 in name, half \uD83D, \uFFFF", UUID.randomUUID().toString());

        assertEquals("ERP: bell\uFFFD in name, half \uFFFD, \uFFFD",
                sent.getFirst().messageAttributes().get(DeadLetterQueue.REASON).stringValue());
        assertEquals(1, sqs.drain(queueUrl).size(), "the queue took it");
    }
}
