package dev.sfbridge.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An event as Lambda's Java runtime hands it to a handler: the event is JSON, read into the type the handler
 * declares as its input. A handler of {@link SQSEvent} gets the event object; one of {@code Map<String, Object>}
 * (the batch sync, whose schedule and continuation queue both invoke it) gets the event's JSON as a map, with the
 * field names of Lambda's SQS event ({@code Records}, {@code messageId}, {@code body}, {@code eventSourceARN}, …:
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html, "Example Amazon SQS message event").
 */
final class LambdaEvents {
    private LambdaEvents() {}

    /** The handler's input type, as its class declares {@code RequestHandler<I, O>}; Object when it cannot be told. */
    static Class<?> inputType(Class<?> handlerClass) {
        for (Class<?> type = handlerClass; type != null; type = type.getSuperclass()) {
            for (Type implemented : type.getGenericInterfaces()) {
                if (implemented instanceof ParameterizedType parameterized && parameterized.getRawType() == RequestHandler.class) {
                    Type input = parameterized.getActualTypeArguments()[0];
                    return input instanceof ParameterizedType generic ? (Class<?>) generic.getRawType()
                            : input instanceof Class<?> plain ? plain : Object.class;
                }
            }
        }
        return Object.class;
    }

    /**
     * What an SQS event source invokes the handler with, for a handler whose input is {@code input}. A handler that
     * returns something else than an {@link SQSBatchResponse} reports no item failures: its batch succeeded if it
     * returned at all.
     */
    @SuppressWarnings("unchecked")
    static Function<SQSEvent, SQSBatchResponse> sqsInvocation(RequestHandler<?, ?> handler, Class<?> input) {
        if (input.isAssignableFrom(SQSEvent.class)) {
            RequestHandler<SQSEvent, Object> typed = (RequestHandler<SQSEvent, Object>) handler;
            return event -> typed.handleRequest(event, null) instanceof SQSBatchResponse response ? response : null;
        }
        if (input.isAssignableFrom(Map.class)) {
            RequestHandler<Map<String, Object>, Object> typed = (RequestHandler<Map<String, Object>, Object>) handler;
            return event -> {
                typed.handleRequest(json(event), null);
                return null;
            };
        }
        throw new IllegalArgumentException(handler.getClass().getName() + " takes " + input.getName()
                + ": the local stack hands an SQS event to a handler of SQSEvent or of a Map");
    }

    /** The SQS event as the JSON Lambda sends: one record per message. */
    static Map<String, Object> json(SQSEvent event) {
        List<Map<String, Object>> records = event.getRecords().stream().map(message -> {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("messageId", message.getMessageId());
            record.put("receiptHandle", message.getReceiptHandle());
            record.put("body", message.getBody());
            record.put("attributes", message.getAttributes() == null ? Map.of() : message.getAttributes());
            record.put("messageAttributes", Map.of());
            record.put("md5OfBody", message.getMd5OfBody());
            record.put("eventSource", message.getEventSource());
            record.put("eventSourceARN", message.getEventSourceArn());
            record.put("awsRegion", message.getAwsRegion());
            return record;
        }).toList();
        return Map.of("Records", records);
    }
}
