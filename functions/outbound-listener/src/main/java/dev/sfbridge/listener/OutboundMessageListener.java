package dev.sfbridge.listener;

import dev.sfbridge.apigateway.AnswerDeadline;
import dev.sfbridge.apigateway.RequestScreen;
import dev.sfbridge.contract.FaultCode;
import dev.sfbridge.contract.OutboundMessage;
import dev.sfbridge.contract.OutboundMessage.SObjectNotification;
import dev.sfbridge.contract.OutboundMessageParser;
import dev.sfbridge.contract.OutboundMessageRejected;
import dev.sfbridge.model.InstanceUrl;
import dev.sfbridge.model.Notification;
import dev.sfbridge.model.NotificationPack;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.observability.Metric;
import dev.sfbridge.observability.Metrics;
import dev.sfbridge.observability.RequestLog;
import dev.sfbridge.queue.BatchEnqueuer;
import dev.sfbridge.queue.EnqueueFailed;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The fire-and-forget listener: checks the request, parses the outbound message, checks the sender (the org,
 * its instance, the session's shape, the change times, then who sent it: {@link SenderCheck}), puts every
 * notification on the queue, and only then acks. Anything short of that is a SOAP fault,
 * so Salesforce keeps the message and delivers it again.
 */
public final class OutboundMessageListener {
    /** SOAP 1.1 travels as text/xml; SOAP 1.2's application/soap+xml is refused before parsing. */
    private static final String SOAP11_MEDIA_TYPE = "text/xml";
    /** The request line's list of the notifications acked without a record. */
    private static final String WITHOUT_RECORD = "notificationsWithoutRecord";

    private final ListenerConfig config;
    private final RequestScreen screen;
    private final OutboundMessageParser parser;
    private final BatchEnqueuer enqueuer;
    private final ChangeTimeLimit changeTimes;
    private final SenderCheck senderCheck;
    private final JsonLog log;
    private final RequestLog requests;
    private final Metrics metrics;
    private final Clock clock;

    public OutboundMessageListener(ListenerConfig config, OutboundMessageParser parser, BatchEnqueuer enqueuer,
                                   SenderCheck senderCheck, JsonLog log, Metrics metrics, Clock clock) {
        this.config = config;
        this.screen = new RequestScreen("POST", SOAP11_MEDIA_TYPE, config.maxBodyBytes());
        this.parser = parser;
        this.enqueuer = enqueuer;
        this.changeTimes = new ChangeTimeLimit(config.maxChangeTimeAhead());
        this.senderCheck = senderCheck;
        this.log = log;
        this.requests = new RequestLog(log, "outbound message", clock);
        this.metrics = metrics;
        this.clock = clock;
    }

    public ListenerResponse handle(ListenerRequest request) {
        // the enqueue ends in time for the fault to be the answer, not Lambda's timeout (API Gateway's 502)
        Instant deadline = AnswerDeadline.of(request.timeLeft(), clock);
        RequestLog.Line line = requests.start(request.http().requestId());
        ListenerResponse response;
        try {
            response = receive(request, deadline, line);
            line.put("outcome", "ack");
        } catch (RequestScreen.Refused refused) {
            response = refusal(refused);
            line.put("outcome", response.status() == 500 ? "fault" : "http_" + response.status());
            line.put("reason", refused.problem().reasonCode());
        } catch (OutboundMessageRejected rejected) {
            response = ListenerResponse.fault(rejected.faultCode(), rejected.getMessage());
            line.put("outcome", "fault");
            line.put("reason", rejected.reasonCode());
            // a message refused as it was read: its org and notifications, so what Salesforce will retry can be found
            if (line.get(JsonLog.ORGANIZATION_ID) == null && rejected.organizationId() != null) {
                line.put(JsonLog.ORGANIZATION_ID, rejected.organizationId());
            }
            if (line.get("notificationIds") == null && !rejected.notificationIds().isEmpty()) {
                line.put("notificationIds", rejected.notificationIds());
            }
        } catch (EnqueueFailed failed) {
            response = ListenerResponse.fault(FaultCode.SERVER, "notifications could not be queued; deliver again: "
                    + failed.getMessage());
            line.put("outcome", "fault");
            line.put("reason", "enqueue_failed");
            line.put("error", failed.getMessage());
        } catch (RuntimeException unexpected) {
            response = ListenerResponse.fault(FaultCode.SERVER, "internal error; deliver again");
            line.put("outcome", "fault");
            line.put("reason", "internal_error");
            line.put("error", unexpected.getClass().getName());
        }
        boolean acked = "ack".equals(line.get("outcome"));
        line.write(acked);
        if (acked) {
            metrics.count(Metric.ACKS);
            metrics.count(Metric.NOTIFICATIONS_ENQUEUED, ((Number) line.get("notifications")).longValue());
            countWithoutRecord(line);
        } else {
            metrics.count(Metric.FAULTS, (String) line.get("reason"));
        }
        metrics.flush();
        return response;
    }

    private ListenerResponse receive(ListenerRequest request, Instant deadline, RequestLog.Line line)
            throws RequestScreen.Refused, OutboundMessageRejected, EnqueueFailed {
        byte[] body = screen.bytes(request.http());
        OutboundMessage message = parser.parse(body);
        line.put(JsonLog.ORGANIZATION_ID, message.organizationId());
        line.put("actionId", message.actionId());
        line.put("notifications", message.notifications().size());
        // one line per request: the IDs of all its notifications, so a notification is found from its ID
        line.put("notificationIds", Stream.concat(message.notifications().stream().map(SObjectNotification::notificationId),
                message.withoutRecord().stream()).toList());
        line.put("recordIds", message.notifications().stream().map(SObjectNotification::recordId).toList());
        if (!message.withoutRecord().isEmpty()) {
            line.put(WITHOUT_RECORD, message.withoutRecord());
        }
        if (!config.allowlist().allows(message.organizationId())) {
            throw new OutboundMessageRejected("unknown_organization",
                    "organization " + message.organizationId() + " is not allowed to send to this endpoint");
        }
        InstanceUrl instance = allowedInstance(message.enterpriseUrl());
        allowedInstance(message.partnerUrl());
        SessionFormat.check(message.sessionId(), message.organizationId());
        Instant receivedAt = clock.instant();
        changeTimes.check(message.notifications(), receivedAt);
        // last of the checks: the only one that may call Salesforce, and only with what passed the others
        senderCheck.verify(message, instance, request);
        enqueuer.enqueueAll(config.queueUrl(), entries(message, instance, receivedAt), deadline);
        return ListenerResponse.ack();
    }

    /**
     * An acked message's notifications that carried no record: their record was deleted before Salesforce delivered
     * them, so nothing was queued for them. Each is told at WARN, by its ID and org, and counted.
     */
    private void countWithoutRecord(RequestLog.Line line) {
        @SuppressWarnings("unchecked")
        List<String> withoutRecord = (List<String>) line.get(WITHOUT_RECORD);
        if (withoutRecord == null) {
            return;
        }
        for (String notificationId : withoutRecord) {
            log.warn("notification without a record, acked and not queued: its record was deleted before delivery",
                    Map.of(JsonLog.REQUEST_ID, line.get(JsonLog.REQUEST_ID), JsonLog.ORGANIZATION_ID, line.get(JsonLog.ORGANIZATION_ID),
                            JsonLog.NOTIFICATION_ID, notificationId));
        }
        metrics.count(Metric.NOTIFICATIONS_WITHOUT_RECORD, withoutRecord.size());
    }

    /** The instance {@code url} names, if it is one this endpoint accepts; null for no URL. */
    private InstanceUrl allowedInstance(String url) throws OutboundMessageRejected {
        if (url == null) {
            return null;
        }
        Optional<InstanceUrl> instance = InstanceUrl.of(url);
        if (instance.isEmpty() || !config.instanceHosts().allows(instance.get())) {
            throw new OutboundMessageRejected("unknown_instance_host",
                    "the message names " + hostOf(url) + ", which is not a Salesforce instance this endpoint accepts");
        }
        return instance.get();
    }

    /** The host alone for the log and the fault: never the whole URL, whose path names the org. */
    private static String hostOf(String url) {
        try {
            String host = new URI(url).getHost();
            return host == null ? "no host" : "host " + host;
        } catch (URISyntaxException e) {
            return "no valid URL";
        }
    }

    /** HTTP answers for what is not a SOAP request at all; SOAP faults for bodies Salesforce could have sent. */
    private ListenerResponse refusal(RequestScreen.Refused refused) {
        return switch (refused.problem()) {
            case METHOD_NOT_ALLOWED -> ListenerResponse.httpError(405, "outbound messages are POSTed", Map.of("Allow", "POST"));
            case UNSUPPORTED_MEDIA_TYPE -> ListenerResponse.httpError(415, refused.mediaType().equals("application/soap+xml")
                    ? "SOAP 1.2 is not supported: outbound messages are SOAP 1.1 (text/xml)"
                    : "outbound messages are sent as text/xml", Map.of());
            case BODY_TOO_LARGE -> ListenerResponse.fault(FaultCode.CLIENT, "the body is larger than " + config.maxBodyBytes() + " bytes");
            case BAD_BASE64 -> ListenerResponse.fault(FaultCode.CLIENT, "the body is marked base64 but is not valid base64");
        };
    }

    /** The notifications' queue JSON, in packs of {@link ListenerConfig#notificationsPerMessage()}. */
    private List<BatchEnqueuer.Entry> entries(OutboundMessage message, InstanceUrl instance, Instant receivedAt) {
        List<String> notifications = new ArrayList<>(message.notifications().size());
        for (SObjectNotification n : message.notifications()) {
            notifications.add(QueueJson.write(new Notification(Notification.SCHEMA_VERSION, n.notificationId(),
                    message.organizationId(), message.actionId(), n.objectType(), n.recordId(), n.fields(),
                    receivedAt, instance, message.sessionId())));
        }
        List<String> bodies = NotificationPack.bodies(notifications, config.notificationsPerMessage(), config.largestEntryBytes());
        List<BatchEnqueuer.Entry> entries = new ArrayList<>(bodies.size());
        for (String body : bodies) {
            entries.add(new BatchEnqueuer.Entry("m" + entries.size(), body));
        }
        return entries;
    }
}
