package dev.sfbridge.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A message's parts, each as an SQS message of its own for its handler (see {@link SqsBatchConsumer#processEachPart}). */
final class MessageParts {
    private MessageParts() {}

    /**
     * The message itself when {@code split} finds no part (a message is never settled without a handler having seen
     * it); its one part under its own ID; else a copy per part, {@code messageId#n} from 1.
     */
    static List<SQSMessage> of(SQSMessage message, Function<String, List<String>> split) {
        List<String> bodies = message.getBody() == null ? List.of() : split.apply(message.getBody());
        if (bodies.isEmpty() || bodies.size() == 1 && bodies.getFirst().equals(message.getBody())) {
            return List.of(message);
        }
        if (bodies.size() == 1) {
            return List.of(copy(message, message.getMessageId(), bodies.getFirst()));
        }
        List<SQSMessage> parts = new ArrayList<>(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            parts.add(copy(message, message.getMessageId() + "#" + (i + 1), bodies.get(i)));
        }
        return parts;
    }

    private static SQSMessage copy(SQSMessage message, String messageId, String body) {
        SQSMessage part = new SQSMessage();
        part.setMessageId(messageId);
        part.setBody(body);
        part.setReceiptHandle(message.getReceiptHandle());
        part.setAttributes(message.getAttributes());
        part.setMessageAttributes(message.getMessageAttributes());
        part.setEventSource(message.getEventSource());
        part.setEventSourceArn(message.getEventSourceArn());
        part.setAwsRegion(message.getAwsRegion());
        // the MD5s are the whole body's: a part's would not match them
        return part;
    }
}
