package dev.sfbridge.worker;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.sfbridge.model.Notification;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.model.SalesforceIds;
import dev.sfbridge.model.SessionId;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.observability.Metric;
import dev.sfbridge.observability.Metrics;
import dev.sfbridge.retry.StartDeadline;
import dev.sfbridge.salesforce.AccessToken;
import dev.sfbridge.salesforce.SalesforceAuth;
import dev.sfbridge.salesforce.SalesforceClient;
import dev.sfbridge.salesforce.SalesforceException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads from Salesforce, once per SQS batch, the current state of the records whose notifications need it: those
 * that carry no field but {@code Id} (the outbound message sends the ID and a session only), and every notification
 * of an object type configured to be read always. One query per org and credential for the whole batch
 * ({@link OpportunityQuery}), with the credential the callbacks use ({@link SalesforceAuth}): each notification's
 * own session against its instance, and OAuth after a 401, so an expired session costs one token request per
 * credential and batch, not one per record. A session reads what its user may see, and what it does not return
 * is {@link Fetched.Reason#NOT_VISIBLE}: so a record is only ever judged by its own notification's session (or by
 * OAuth when that has none, or had it refused), never by another user's, whose outbound message in the same batch
 * would otherwise decide, for good, which of the org's records become orders. The notifications of one outbound
 * message share its session: a query per message in the batch. Unlike the callbacks, the groups are never read
 * together with the OAuth token to save calls: the integration user would read records the sender may not see.
 *
 * <p>A failed query fails every notification of its group alike ({@link Fetched.Failed}); the processor decides
 * what each becomes. Bodies that are no notification are left to the processor, which dead-letters them.
 */
final class RecordFetcher {
    private final SalesforceClient salesforce;
    private final SalesforceAuth auth;
    private final Set<String> fetchAlways;
    private final JsonLog log;
    private final Metrics metrics;

    /** @param fetchAlways object types whose notifications are read from Salesforce whatever fields they carry */
    RecordFetcher(SalesforceClient salesforce, SalesforceAuth auth, Set<String> fetchAlways, JsonLog log, Metrics metrics) {
        this.salesforce = salesforce;
        this.auth = auth;
        this.fetchAlways = Set.copyOf(fetchAlways);
        this.log = log;
        this.metrics = metrics;
    }

    private record Wanted(String messageId, Notification notification) {}

    /** What a group's query goes with: a notification's session and the instance it came with, or OAuth (both null). */
    private record Credential(SessionId session, String instanceUrl) {
        static final Credential OAUTH = new Credential(null, null);
    }

    /**
     * What was read for each message that needed it, by message ID; a message that did not is not in it. A group
     * whose query would start after {@code deadline} is not read: its notifications fail alike, retryable.
     */
    Map<String, Fetched> fetch(List<SQSMessage> messages, StartDeadline deadline) {
        Map<String, Map<Credential, List<Wanted>>> byOrg = new LinkedHashMap<>();
        Map<String, Fetched> fetched = new HashMap<>();
        for (SQSMessage message : messages) {
            Notification notification = notificationIn(message.getBody());
            if (notification == null || !needsFetch(notification)) {
                continue;
            }
            if (!readable(notification)) {
                fetched.put(message.getMessageId(), UNREADABLE);
                continue;
            }
            String org = SalesforceIds.to18(notification.organizationId());
            byOrg.computeIfAbsent(org, o -> new LinkedHashMap<>()).computeIfAbsent(credentialOf(org, notification), c -> new ArrayList<>())
                    .add(new Wanted(message.getMessageId(), notification));
        }
        byOrg.forEach((org, groups) -> groups.forEach((credential, wanted) -> fetchBefore(deadline, org, credential, wanted, fetched)));
        return fetched;
    }

    /**
     * The record of one notification, read now whatever fields it carries, with the credential the batch's read
     * would take: for a change whose time cannot tell it from another ({@link NotificationProcessor}).
     */
    Fetched read(Notification notification, StartDeadline deadline) {
        if (!readable(notification)) {
            return UNREADABLE;
        }
        String org = SalesforceIds.to18(notification.organizationId());
        Map<String, Fetched> fetched = new HashMap<>();
        fetchBefore(deadline, org, credentialOf(org, notification), List.of(new Wanted("", notification)), fetched);
        return fetched.get("");
    }

    private static final Fetched UNREADABLE = new Fetched.Failed(new SalesforceException(SalesforceException.Kind.PERMANENT, 0,
            "the notification's organizationId or recordId is not a Salesforce ID: its record cannot be read"));

    private static boolean readable(Notification notification) {
        return SalesforceIds.isValid(notification.organizationId()) && SalesforceIds.isValid(notification.recordId());
    }

    private void fetchBefore(StartDeadline deadline, String org, Credential credential, List<Wanted> wanted, Map<String, Fetched> fetched) {
        if (deadline.passed()) {
            notStarted(org, wanted, fetched);
        } else {
            fetchGroup(org, credential, wanted, fetched);
        }
    }

    private boolean needsFetch(Notification notification) {
        return OrderMapping.OBJECT_TYPE.equals(notification.objectType())
                && (fetchAlways.contains(notification.objectType()) || notification.fields().keySet().stream().allMatch("Id"::equals));
    }

    /** The notification's own session, when {@link SalesforceAuth} would try it; OAuth otherwise. */
    private Credential credentialOf(String organizationId, Notification notification) {
        String instanceUrl = notification.instanceUrl() == null ? null : notification.instanceUrl().toString();
        return auth.usable(organizationId, notification.sessionId(), instanceUrl)
                ? new Credential(notification.sessionId(), instanceUrl) : Credential.OAUTH;
    }

    private void notStarted(String organizationId, List<Wanted> wanted, Map<String, Fetched> fetched) {
        SalesforceException notRead = new SalesforceException(SalesforceException.Kind.RETRYABLE, 0,
                "not read: too little of the invocation was left to start the query");
        log.error("records not fetched", Map.<String, Object>of(JsonLog.ORGANIZATION_ID, organizationId, "records", wanted.size(), "reason", "deadline"));
        wanted.forEach(w -> fetched.put(w.messageId(), new Fetched.Failed(notRead)));
    }

    private void fetchGroup(String organizationId, Credential credential, List<Wanted> wanted, Map<String, Fetched> fetched) {
        List<String> ids = wanted.stream().map(w -> SalesforceIds.to18(w.notification().recordId())).distinct().toList();
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<AccessToken.Source> used = new AtomicReference<>();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(JsonLog.ORGANIZATION_ID, organizationId);
        fields.put("records", ids.size());
        try {
            Map<String, Fetched> byId = auth.call(organizationId, credential.session(), credential.instanceUrl(), token -> {
                used.set(token.source());
                OpportunityQuery.Result result = OpportunityQuery.read(salesforce, token, ids);
                calls.addAndGet(result.calls());
                return result.byId();
            });
            wanted.forEach(w -> fetched.put(w.messageId(), byId.get(SalesforceIds.to18(w.notification().recordId()))));
            fields.put("credential", credentialName(used.get()));
            fields.put("returned", byId.values().stream().filter(Fetched.Current.class::isInstance).count());
            fields.put("apiCalls", calls.get());
            metrics.count(Metric.SALESFORCE_QUERY_CALLS, calls.get());
            log.info("records fetched", fields);
        } catch (SalesforceException e) {
            if (e.kind() == SalesforceException.Kind.CONFIGURATION) {
                metrics.count(Metric.SALESFORCE_CONFIGURATION_ERRORS);
            }
            fields.put("credential", credentialName(used.get()));
            fields.put("kind", e.kind().name());
            fields.put("status", e.status());
            fields.put("reason", e.getMessage());
            log.error("records fetched", fields);
            wanted.forEach(w -> fetched.put(w.messageId(), new Fetched.Failed(e)));
        }
    }

    /** The credential the last query call went with, as logged; none when no call was made (no credential at all). */
    private static String credentialName(AccessToken.Source source) {
        if (source == null) {
            return "none";
        }
        return source == AccessToken.Source.SESSION_ID ? "session" : "oauth";
    }

    private static Notification notificationIn(String body) {
        try {
            Notification notification = QueueJson.read(body, Notification.class);
            return notification.schemaVersion() == Notification.SCHEMA_VERSION ? notification : null;
        } catch (UncheckedIOException | IllegalArgumentException | NullPointerException unreadable) {
            return null;
        }
    }
}
