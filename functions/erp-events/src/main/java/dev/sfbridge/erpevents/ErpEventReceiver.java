package dev.sfbridge.erpevents;

import dev.sfbridge.apigateway.AnswerDeadline;
import dev.sfbridge.apigateway.RequestScreen;
import dev.sfbridge.model.CallbackRequest;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.observability.Metric;
import dev.sfbridge.observability.Metrics;
import dev.sfbridge.observability.RequestLog;
import dev.sfbridge.queue.BatchEnqueuer;
import dev.sfbridge.queue.EnqueueFailed;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code POST /erp/order-events}: the ERP's order status changes, HMAC-signed, onto the callbacks queue as
 * callbacks without a session, which the callback function writes to Salesforce with OAuth. In order:
 * 405 for any method but POST, 415 for a body that is not JSON, 413 for one over {@code MAX_BODY_BYTES},
 * 401 for a missing, malformed, stale or wrong signature (checked before the body is read), 400 for events
 * that are not valid; then 202 once every event is queued, or 503 when they could not all be (the ERP
 * sends the same request again: a repeated status is written once more, harmlessly). Nothing is queued for
 * a 4xx; a 503 can follow some events queued, since they go in concurrent batches of 10. The enqueue ends by the
 * request's {@link AnswerDeadline}, so a slow SQS is answered with that 503, not with Lambda's timeout.
 */
public final class ErpEventReceiver {
    private final SignatureVerifier signatures;
    private final OrderEventReader reader;
    private final BatchEnqueuer callbacks;
    private final String callbacksQueueUrl;
    private final RequestScreen screen;
    private final RequestLog requests;
    private final Metrics metrics;
    private final Clock clock;

    ErpEventReceiver(SignatureVerifier signatures, OrderEventReader reader, BatchEnqueuer callbacks, String callbacksQueueUrl,
                     int maxBodyBytes, JsonLog log, Metrics metrics, Clock clock) {
        this.signatures = signatures;
        this.reader = reader;
        this.callbacks = callbacks;
        this.callbacksQueueUrl = callbacksQueueUrl;
        this.screen = new RequestScreen("POST", "application/json", maxBodyBytes);
        this.requests = new RequestLog(log, "erp order events", clock);
        this.metrics = metrics;
        this.clock = clock;
    }

    public ErpEventResponse handle(ErpEventRequest request) {
        // taken first: the signing secret's read, when it is due, comes out of the same time
        Instant deadline = AnswerDeadline.of(request.timeLeft(), clock);
        RequestLog.Line line = requests.start(request.http().requestId());
        ErpEventResponse response;
        try {
            int events = accept(request, deadline, line);
            line.put("outcome", "accepted");
            metrics.count(Metric.ERP_EVENTS_ACCEPTED, events);
            response = ErpEventResponse.accepted(events);
        } catch (Rejection rejection) {
            line.put("outcome", "http_" + rejection.status());
            line.put("reason", rejection.reason());
            metrics.count(Metric.ERP_EVENTS_REJECTED, rejection.reason());
            response = ErpEventResponse.rejected(rejection);
        }
        metrics.flush();
        line.write(response.status() == 202);
        return response;
    }

    private int accept(ErpEventRequest request, Instant deadline, RequestLog.Line line) throws Rejection {
        byte[] body = bytes(request);
        signatures.verify(request.signature(), body);
        List<CallbackRequest> events = reader.read(new String(body, StandardCharsets.UTF_8));
        line.put("events", events.size());
        // read only once the signature holds: IDs from an unsigned body are not worth a log line
        line.put(JsonLog.ORGANIZATION_ID, events.getFirst().organizationId());
        line.put("recordIds", events.stream().map(CallbackRequest::recordId).toList());
        line.put("orderNumbers", events.stream().map(CallbackRequest::orderNumber).toList());
        try {
            callbacks.enqueueAll(callbacksQueueUrl, IntStream.range(0, events.size())
                    .mapToObj(i -> new BatchEnqueuer.Entry("event-" + i, QueueJson.write(events.get(i)))).toList(), deadline);
        } catch (EnqueueFailed e) {
            line.put("error", e.getMessage());
            throw new Rejection(503, "enqueue_failed", "the events could not be queued; send the request again");
        }
        return events.size();
    }

    /** The exact bytes the ERP signed: API Gateway passes text bodies as text and binary ones in base64. */
    private byte[] bytes(ErpEventRequest request) throws Rejection {
        try {
            return screen.bytes(request.http());
        } catch (RequestScreen.Refused refused) {
            throw new Rejection(refused.status(), refused.problem().reasonCode(), refused.explanation());
        }
    }
}
