package dev.sfbridge.ops;

import dev.sfbridge.testing.TestClock;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sqs.model.UnsupportedOperationException;

/**
 * An SQS client ({@link #client}) on ElasticMQ with its hide time kept on a {@link TestClock} instead of the wall clock, so a test decides,
 * without sleeping, how long a pass takes next to the hide time. Each receive costs {@code perReceive} on
 * the clock; a message hidden by a receive is hidden in ElasticMQ for an hour, and made visible again there
 * as soon as the test clock passes its hide time, as SQS would. A receipt handle is current until then: a
 * delete with a stale one succeeds without deleting anything, as SQS's may. It refuses StartMessageMoveTask, as
 * ElasticMQ's local stack does, and can die part-way: from the n-th delete on, every call fails.
 */
final class HideTimeOnTestClockSqs {
    /** Longer than any test: ElasticMQ's own hide time never runs out during one. */
    private static final int HIDDEN_IN_ELASTICMQ_SECONDS = 3600;

    private record Hidden(String queueUrl, String receiptHandle, Instant until) {}

    private final SqsClient delegate;
    private final TestClock clock;
    private final Duration perReceive;
    private final int maxReceives;
    private final Map<String, Hidden> hidden = new HashMap<>();
    /** The current receipt handle of each hidden message, to its message ID. */
    private final Map<String, String> currentHandles = new HashMap<>();
    private final Map<String, Integer> deliveries = new HashMap<>();
    private int receives;
    private int deletes;
    private int dieAtDelete = Integer.MAX_VALUE;

    /** @param maxReceives past this many receives the pass is taken never to end, and the call fails */
    HideTimeOnTestClockSqs(SqsClient delegate, TestClock clock, Duration perReceive, int maxReceives) {
        this.delegate = delegate;
        this.clock = clock;
        this.perReceive = perReceive;
        this.maxReceives = maxReceives;
    }

    /** From the {@code n}-th delete on (counted from now), the process is dead: every call fails. */
    void dieAtDelete(int n) {
        dieAtDelete = deletes + n;
    }

    void revive() {
        dieAtDelete = Integer.MAX_VALUE;
    }

    /** How often each message was received since the last {@link #resetDeliveries}. */
    Map<String, Integer> deliveries() {
        return Map.copyOf(deliveries);
    }

    void resetDeliveries() {
        deliveries.clear();
        receives = 0;
    }

    int receives() {
        return receives;
    }

    private ReceiveMessageResponse receiveMessage(ReceiveMessageRequest request) {
        if (++receives > maxReceives) {
            throw new AssertionError("more than " + maxReceives + " receives: the pass does not end");
        }
        clock.advance(perReceive);
        beforeCall();
        Integer hideSeconds = request.visibilityTimeout();
        ReceiveMessageResponse response = delegate.receiveMessage(request.toBuilder()
                .visibilityTimeout(HIDDEN_IN_ELASTICMQ_SECONDS).build());
        for (Message message : response.messages()) {
            deliveries.merge(message.messageId(), 1, Integer::sum);
            currentHandles.put(message.receiptHandle(), message.messageId());
            hidden.put(message.messageId(), new Hidden(request.queueUrl(), message.receiptHandle(),
                    clock.instant().plusSeconds(hideSeconds == null ? 30 : hideSeconds)));
        }
        return response;
    }

    private DeleteMessageResponse deleteMessage(DeleteMessageRequest request) {
        deletes++;
        beforeCall();
        if (forget(request.receiptHandle()) == null) {
            return DeleteMessageResponse.builder().build(); // a stale handle: SQS answers success and keeps the message
        }
        return delegate.deleteMessage(request);
    }

    private ChangeMessageVisibilityBatchResponse changeMessageVisibilityBatch(ChangeMessageVisibilityBatchRequest request) {
        beforeCall();
        List<ChangeMessageVisibilityBatchRequestEntry> current = request.entries().stream()
                .filter(entry -> currentHandles.containsKey(entry.receiptHandle())).toList();
        for (ChangeMessageVisibilityBatchRequestEntry entry : current) {
            if (entry.visibilityTimeout() == 0) {
                forget(entry.receiptHandle());
            }
        }
        // a stale handle must not reach ElasticMQ, which would change the message's newer delivery
        return current.isEmpty() ? ChangeMessageVisibilityBatchResponse.builder().build()
                : delegate.changeMessageVisibilityBatch(request.toBuilder().entries(current).build());
    }

    /** What the commands are given: these calls as above, any other passed on to ElasticMQ once alive. */
    SqsClient client() {
        return (SqsClient) Proxy.newProxyInstance(SqsClient.class.getClassLoader(), new Class<?>[] {SqsClient.class},
                (proxy, method, arguments) -> {
                    if (arguments != null && arguments.length == 1 && arguments[0] instanceof Consumer<?>) {
                        return InvocationHandler.invokeDefault(proxy, method, arguments); // builds the request, calls back
                    }
                    return switch (method.getName()) {
                        case "receiveMessage" -> receiveMessage((ReceiveMessageRequest) arguments[0]);
                        case "deleteMessage" -> deleteMessage((DeleteMessageRequest) arguments[0]);
                        case "changeMessageVisibilityBatch" -> changeMessageVisibilityBatch((ChangeMessageVisibilityBatchRequest) arguments[0]);
                        case "startMessageMoveTask" -> throw UnsupportedOperationException.builder().statusCode(400)
                                .awsErrorDetails(AwsErrorDetails.builder().errorCode("UnsupportedOperation").errorMessage("not supported").build())
                                .build();
                        case "close" -> null; // the shared emulator's client outlives the command
                        default -> passOn(method, arguments);
                    };
                });
    }

    private Object passOn(Method method, Object[] arguments) throws Throwable {
        beforeCall();
        try {
            return method.invoke(delegate, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** What SQS does when a message's hide time runs out: visible again, its old receipt handle stale. */
    private void expireHidden() {
        for (Iterator<Hidden> it = hidden.values().iterator(); it.hasNext(); ) {
            Hidden message = it.next();
            if (!clock.instant().isBefore(message.until())) {
                delegate.changeMessageVisibility(b -> b.queueUrl(message.queueUrl()).receiptHandle(message.receiptHandle())
                        .visibilityTimeout(0));
                currentHandles.remove(message.receiptHandle());
                it.remove();
            }
        }
    }

    /** The message ID the handle was current for, no longer hidden; null when the handle is stale. */
    private String forget(String receiptHandle) {
        String messageId = currentHandles.remove(receiptHandle);
        if (messageId != null) {
            hidden.remove(messageId);
        }
        return messageId;
    }

    /** Dead from the chosen delete on; alive, SQS's state as of the test clock's time. */
    private void beforeCall() {
        if (deletes >= dieAtDelete) {
            throw SqsException.builder().message("the operator's process died").statusCode(500)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("Killed").errorMessage("the process died").build()).build();
        }
        expireHidden();
    }
}
