package dev.sfbridge.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.sfbridge.local.template.SamTemplate;
import dev.sfbridge.testing.Intercepted;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * What a run of the local stack asked of AWS, counted the way the bill counts it (docs/cost.md): each function's
 * invocations and their durations, every SQS, DynamoDB and Secrets Manager request by who made it (the functions,
 * or the event source mappings polling for them), the 64 KB chunks SQS bills, the capacity units DynamoDB reports
 * for each request, and the bytes of log lines and metric records the functions write. {@code ./dev up --usage-file}
 * writes it as JSON, which {@code ./dev bench cost} prices.
 */
final class UsageMeter {
    /** SQS bills each 64 KB chunk of a request's payload as one request. */
    static final int SQS_CHUNK_BYTES = 64 * 1024;
    /** The event source mappings: Lambda's pollers, which receive and delete on a function's behalf. */
    static final String EVENT_SOURCES = "event source mappings";
    /** The functions' DynamoDB and Secrets Manager requests, counted together; their SQS requests count by function. */
    static final String FUNCTIONS = "functions";

    private final Map<String, Invocations> functions = new ConcurrentHashMap<>();
    private final Map<List<String>, Requests> requests = new ConcurrentHashMap<>();
    private final LongAdder logBytes = new LongAdder();
    private final LongAdder metricBytes = new LongAdder();

    private static final class Invocations {
        final SamTemplate.Function function;
        final LongAdder count = new LongAdder();
        final LongAdder billedMillis = new LongAdder();

        Invocations(SamTemplate.Function function) {
            this.function = function;
        }
    }

    private static final class Requests {
        final LongAdder calls = new LongAdder();
        final LongAdder failed = new LongAdder();
        /** SQS: the 64 KB chunks billed; a receive that found nothing is one. */
        final LongAdder billed = new LongAdder();
        final LongAdder empty = new LongAdder();
        /** SQS: the messages a batch request carried. */
        final LongAdder entries = new LongAdder();
        final DoubleAdder readUnits = new DoubleAdder();
        final DoubleAdder writeUnits = new DoubleAdder();
        /** DynamoDB: requests that came back without a capacity figure (counted, not priced by units). */
        final LongAdder unmeasured = new LongAdder();
    }

    /** The handler, timed: every invocation counts with its duration rounded up to the millisecond, as Lambda bills it. */
    <I, O> RequestHandler<I, O> function(SamTemplate.Function function, RequestHandler<I, O> handler) {
        Invocations invocations = functions.computeIfAbsent(function.logicalId(), id -> new Invocations(function));
        return (input, context) -> {
            long started = System.nanoTime();
            try {
                return handler.handleRequest(input, context);
            } finally {
                invocations.count.increment();
                invocations.billedMillis.add((System.nanoTime() - started + 999_999) / 1_000_000);
            }
        };
    }

    /** One line the functions log, as CloudWatch Logs ingests it (the line and its newline). */
    void logLine(String line) {
        logBytes.add(line.getBytes(StandardCharsets.UTF_8).length + 1L);
    }

    /** One embedded-metric-format record: ingested as a log line too, and priced as such. */
    void metricRecord(String record) {
        metricBytes.add(record.getBytes(StandardCharsets.UTF_8).length + 1L);
    }

    SqsClient sqs(String caller, SqsClient real) {
        return metered(SqsClient.class, real, "SQS", caller, (request, response, counted) -> {
            counted.billed.add(Math.max(1, chunks(payloadBytes(request, response))));
            if (request instanceof SendMessageBatchRequest batch) {
                counted.entries.add(batch.entries().size());
            }
            if (response instanceof ReceiveMessageResponse received && received.messages().isEmpty()) {
                counted.empty.increment();
            }
        });
    }

    DynamoDbClient dynamoDb(String caller, DynamoDbClient real) {
        return Intercepted.of(DynamoDbClient.class, real).aroundEvery((request, send) -> {
            Requests counted = requests("DynamoDB", caller, request);
            try {
                Object response = send.apply(askingCapacity(request));
                counted.calls.increment();
                ConsumedCapacity capacity = consumed(response);
                if (capacity == null || capacity.capacityUnits() == null) {
                    counted.unmeasured.increment();
                } else if (request instanceof GetItemRequest || request instanceof QueryRequest) {
                    counted.readUnits.add(capacity.capacityUnits());
                } else {
                    counted.writeUnits.add(capacity.capacityUnits());
                }
                return response;
            } catch (RuntimeException e) {
                counted.calls.increment();
                counted.failed.increment();
                if (e instanceof ConditionalCheckFailedException) {
                    // a write refused by its condition is billed as a write all the same; these items are under 1 KB
                    counted.writeUnits.add(1);
                }
                throw e;
            }
        }).client();
    }

    SecretsManagerClient secretsManager(SecretsManagerClient real) {
        return metered(SecretsManagerClient.class, real, "Secrets Manager", FUNCTIONS, (request, response, counted) -> { });
    }

    @FunctionalInterface
    private interface Answered {
        void count(SdkRequest request, Object response, Requests counted);
    }

    private <C extends SdkClient> C metered(Class<C> api, C real, String service, String caller, Answered answered) {
        return Intercepted.of(api, real).aroundEvery((request, send) -> {
            Requests counted = requests(service, caller, request);
            counted.calls.increment();
            try {
                Object response = send.apply(request);
                answered.count(request, response, counted);
                return response;
            } catch (RuntimeException e) {
                counted.failed.increment();
                throw e;
            }
        }).client();
    }

    private Requests requests(String service, String caller, SdkRequest request) {
        String operation = request.getClass().getSimpleName().replaceFirst("Request$", "");
        return requests.computeIfAbsent(List.of(service, caller, operation), key -> new Requests());
    }

    private static SdkRequest askingCapacity(SdkRequest request) {
        return switch (request) {
            case PutItemRequest put -> put.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case UpdateItemRequest update -> update.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case DeleteItemRequest delete -> delete.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case GetItemRequest get -> get.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case QueryRequest query -> query.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            default -> request;
        };
    }

    private static ConsumedCapacity consumed(Object response) {
        return switch (response) {
            case PutItemResponse put -> put.consumedCapacity();
            case UpdateItemResponse update -> update.consumedCapacity();
            case DeleteItemResponse delete -> delete.consumedCapacity();
            case GetItemResponse get -> get.consumedCapacity();
            case QueryResponse query -> query.consumedCapacity();
            default -> null;
        };
    }

    /** What SQS counts as a request's payload: the bodies and attributes sent, or received. */
    private static long payloadBytes(SdkRequest request, Object response) {
        return switch (request) {
            case SendMessageRequest send -> bytes(send.messageBody(), send.messageAttributes());
            case SendMessageBatchRequest batch -> batch.entries().stream().mapToLong(UsageMeter::bytes).sum();
            default -> response instanceof ReceiveMessageResponse received
                    ? received.messages().stream().mapToLong(UsageMeter::bytes).sum() : 0;
        };
    }

    private static long bytes(SendMessageBatchRequestEntry entry) {
        return bytes(entry.messageBody(), entry.messageAttributes());
    }

    private static long bytes(Message message) {
        return bytes(message.body(), message.messageAttributes());
    }

    private static long bytes(String body, Map<String, MessageAttributeValue> attributes) {
        long size = body.getBytes(StandardCharsets.UTF_8).length;
        for (Map.Entry<String, MessageAttributeValue> attribute : attributes.entrySet()) {
            MessageAttributeValue value = attribute.getValue();
            size += attribute.getKey().length() + value.dataType().length()
                    + (value.stringValue() != null ? value.stringValue().getBytes(StandardCharsets.UTF_8).length : 0)
                    + (value.binaryValue() != null ? value.binaryValue().asByteArray().length : 0);
        }
        return size;
    }

    static long chunks(long payloadBytes) {
        return (payloadBytes + SQS_CHUNK_BYTES - 1) / SQS_CHUNK_BYTES;
    }

    /**
     * The counts as the cost script reads them: {@code lambda} by function, {@code requests} by service, caller and
     * operation, {@code logs} in bytes.
     */
    Map<String, Object> report() {
        Map<String, Object> lambda = new TreeMap<>();
        functions.forEach((id, invocations) -> lambda.put(id, ordered(
                "invocations", invocations.count.sum(),
                "billed_ms", invocations.billedMillis.sum(),
                "memory_mb", invocations.function.memoryMb(),
                "architecture", invocations.function.architecture(),
                "trigger", trigger(invocations.function))));
        Map<String, Object> byService = new TreeMap<>();
        requests.forEach((key, counted) -> {
            Map<String, Object> operation = ordered("calls", counted.calls.sum(), "failed", counted.failed.sum());
            switch (key.getFirst()) {
                case "SQS" -> {
                    operation.put("billed_requests", counted.billed.sum());
                    operation.put("empty", counted.empty.sum());
                    operation.put("entries", counted.entries.sum());
                }
                case "DynamoDB" -> {
                    operation.put("read_units", counted.readUnits.sum());
                    operation.put("write_units", counted.writeUnits.sum());
                    operation.put("unmeasured", counted.unmeasured.sum());
                }
                default -> { }
            }
            nested(nested(byService, key.get(0)), key.get(1)).put(key.get(2), operation);
        });
        return ordered("lambda", lambda, "requests", byService,
                "logs", ordered("log_line_bytes", logBytes.sum(), "metric_record_bytes", metricBytes.sum()));
    }

    /** What invokes the function: an API request (billed by API Gateway too), an SQS batch, or something else. */
    private static String trigger(SamTemplate.Function function) {
        return !function.routes().isEmpty() ? "api" : !function.queueEvents().isEmpty() ? "sqs" : "other";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> nested(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.computeIfAbsent(key, k -> new TreeMap<String, Object>());
    }

    /** A map of the given keys and values, in that order. */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** The report as lines for the console: each function's invocations, then each service's requests by caller. */
    String summary() {
        StringBuilder text = new StringBuilder("  AWS usage (docs/cost.md):\n");
        functions.forEach((id, invocations) -> text.append("    Lambda %s: %d invocations, %d ms billed at %d MB%n"
                .formatted(id, invocations.count.sum(), invocations.billedMillis.sum(), invocations.function.memoryMb())));
        Map<List<String>, Requests> sorted = new TreeMap<>(Comparator.comparing((List<String> key) -> String.join(" ", key)));
        sorted.putAll(requests);
        sorted.forEach((key, counted) -> text.append("    %s, %s: %s %d%s%n".formatted(key.get(0), key.get(1), key.get(2),
                counted.calls.sum(), switch (key.getFirst()) {
                    case "SQS" -> " (%d billed, %d empty)".formatted(counted.billed.sum(), counted.empty.sum());
                    case "DynamoDB" -> String.format(Locale.ROOT, " (%.1f RRU, %.1f WRU, %d failed)", counted.readUnits.sum(), counted.writeUnits.sum(),
                            counted.failed.sum());
                    default -> "";
                })));
        return text.append("    logs: %d bytes of log lines, %d of metric records%n".formatted(logBytes.sum(), metricBytes.sum())).toString();
    }
}
