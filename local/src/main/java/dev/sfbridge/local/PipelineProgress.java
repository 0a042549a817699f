package dev.sfbridge.local;

import dev.sfbridge.callback.FieldMapping;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.SalesforceSimulator;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What the running pipeline tells a person: one progress line (what Salesforce sent, what the ERP and the
 * org hold, what waits in the queues), the summary of a run, and whether it has settled.
 */
final class PipelineProgress {
    /** The depth shown for a queue that did not answer in time. */
    static final int UNKNOWN = -1;

    private final SqsClient sqs;
    private final TemplateResources resources;
    private final List<TemplateResources.LocalQueue> eventSourceQueues;
    private final OutboundMessaging outboundMessaging;
    private final int scenarioMessages;
    private final SalesforceSimulator salesforce;
    private final ErpSimulator erp;
    private final FieldMapping callbackFields;
    /** The opportunities whose callbacks the progress line counts: the scenario's, then the sample message's too. */
    private final List<String> watched = new CopyOnWriteArrayList<>();

    PipelineProgress(SqsClient sqs, TemplateResources resources, List<TemplateResources.LocalQueue> eventSourceQueues,
                     OutboundMessaging outboundMessaging, int scenarioMessages, SimulatedPeers peers, FieldMapping callbackFields) {
        this.sqs = sqs;
        this.resources = resources;
        this.eventSourceQueues = eventSourceQueues;
        this.outboundMessaging = outboundMessaging;
        this.scenarioMessages = scenarioMessages;
        this.salesforce = peers.salesforce;
        this.erp = peers.erp;
        this.callbackFields = callbackFields;
    }

    /** Counts these opportunities' callbacks in the progress line from now on. */
    void watch(List<String> opportunityIds) {
        watched.addAll(opportunityIds);
    }

    /**
     * Nothing left to do: every queue a function consumes is empty, nothing in flight. They are checked in the
     * template's order, upstream first: once the notifications queue is empty no new callback can appear.
     */
    boolean settled() {
        return eventSourceQueues.stream().allMatch(queue -> depthIfAnswered(queue.url()).orElse(-1) == 0);
    }

    /** Messages visible, in flight and delayed. */
    int depth(String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    /**
     * The depth, or empty when the queue did not answer in the client's time: ElasticMQ holding a 100,000-message
     * backlog on a loaded machine can take longer than that, and a progress line must not end the run.
     */
    OptionalInt depthIfAnswered(String queueUrl) {
        try {
            return OptionalInt.of(depth(queueUrl));
        } catch (SdkClientException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * What the pipeline has done so far, counted once: the progress line, the summary and the status page
     * ({@link StatusPage}) all read it.
     *
     * @param queueDepths messages visible, in flight and delayed, by the queue's logical ID, in the template's order;
     *                    {@link #UNKNOWN} for a queue that did not answer in time
     * @param deadLetterQueues the logical IDs of the dead-letter queues among them
     */
    record Counts(int posts, int acked, int scenarioMessages, int retries, int dropped, int ordersInErp, int erpRequests,
                  long erpUnavailable, long callbacksApplied, int watched, int salesforceApiCalls, int salesforceRefusedCalls,
                  int tokenRequests, Map<String, Integer> queueDepths, List<String> deadLetterQueues) {}

    Counts counts() {
        long applied = watched.stream().filter(id -> salesforce.fields(id).containsKey(callbackFields.orderNumberField())).count();
        Map<String, Integer> depths = new LinkedHashMap<>();
        resources.queues().forEach(q -> depths.put(q.definition().logicalId(), depthIfAnswered(q.url()).orElse(UNKNOWN)));
        return new Counts(outboundMessaging.posts(), outboundMessaging.acked(), scenarioMessages, outboundMessaging.retries(),
                outboundMessaging.dropped(), erp.ordersCreated(), erp.requests(),
                erp.statuses().stream().filter(status -> status == 503).count(), applied, watched.size(),
                salesforce.apiCalls(), salesforce.refusedCalls(), salesforce.tokenRequests(), depths,
                resources.deadLetterQueues().stream().map(q -> q.definition().logicalId()).toList());
    }

    /** One line: what Salesforce sent, what the ERP and the org hold, what waits in the queues. */
    String line() {
        Counts counts = counts();
        return "Salesforce sent %d, acked %d/%d (%d retries) | ERP orders %d | callbacks applied %d/%d | queued: %s | dead letters: %s"
                .formatted(counts.posts(), counts.acked(), counts.scenarioMessages(), counts.retries(), counts.ordersInErp(),
                        counts.callbacksApplied(), counts.watched(), depths(counts, false), depths(counts, true));
    }

    /** What the run took besides what the reconciliation counts: retries, faults, logins, dead letters. */
    String summary() {
        Counts counts = counts();
        return """
                  outbound messages: %d posted, %d retries, %d given up
                  ERP: %d order requests, %d answered 503
                  Salesforce: %d API calls, %d refused (expired session), %d OAuth token requests
                  platform events: %d ERP_Order_Update__e published in %d calls
                  dead letters: %s
                """.formatted(counts.posts(), counts.retries(), counts.dropped(), counts.erpRequests(), counts.erpUnavailable(),
                counts.salesforceApiCalls(), counts.salesforceRefusedCalls(), counts.tokenRequests(),
                salesforce.publishedEvents().size(), salesforce.publishCalls(), depths(counts, true));
    }

    private static String depths(Counts counts, boolean deadLetters) {
        return counts.queueDepths().entrySet().stream()
                .filter(queue -> counts.deadLetterQueues().contains(queue.getKey()) == deadLetters)
                .map(queue -> queue.getKey() + " " + (queue.getValue() == UNKNOWN ? "?" : queue.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** Prints the progress line when it differs from the last one printed; returns it. */
    String printIfChanged(PrintStream out, String last) {
        String now = line();
        if (!now.equals(last)) {
            out.println(now);
        }
        return now;
    }
}
