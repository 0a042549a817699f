package dev.sfbridge.local;

import dev.sfbridge.erp.HttpErpClient;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.TestIds;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * "N opportunities set to Closed Won" in the simulated org: the records exist in the org before anything is
 * sent, with their fields and one to three products each, and the org's outbound messages carry them 100 at a
 * time: their fields, or their IDs only ({@link ScenarioMessage}), which the order worker reads back. The messages carry no
 * session, as Salesforce sends them since February 2026, unless the org {@code sendsSessions} (a legacy org, for a
 * listener that verifies sessions): then the messages of the opportunities after {@code liveSessions} carry a session
 * that expires once the listener has verified it, as one does when callbacks come after the user's session timed out:
 * their callbacks must log in with OAuth, as every callback does without a session. The first delivery of {@code erpOutages}
 * orders meets a 503 on every try the order worker makes, so those notifications go back to their queue.
 * The {@link LaterChanges} of a chaos run: the racing opportunities change again a day later: a message of those newer
 * changes goes out before the others (the older change then comes second), and another after them; others change again
 * within the same second, with other data, which the org holds (half of those changes sent before the others, half
 * after); others go out in a message whose first ack is lost and are changed before Salesforce sends it again, under the
 * same notification IDs; and a few notifications of records deleted before delivery carry no fields.
 */
final class ClosedWonScenario {
    /** Where the deleted records' and their notifications' numbers start: far from the scenario's own. */
    static final long DELETED_RECORDS = 900_000_000_000L;

    /** Which records change again after their first change, and how: a chaos run's ({@link ChaosPlan}). */
    interface LaterChanges {
        /** The {@code n}-th opportunity changes again a day later, sent in a message of its own. */
        boolean racing(int n);

        /** The {@code n}-th opportunity changes again in the same second with other data, sent in a message of its own. */
        boolean sameSecond(int n);

        /** The {@code n}-th opportunity's message loses its first ack, and the record changes before it is sent again. */
        boolean resentNewer(int n);

        /** How many notifications of records deleted before their delivery the org sends too. */
        int deletedRecords(int opportunities);
    }

    private final List<String> opportunityIds;
    private final List<OutboundMessaging.Queued> messages = new ArrayList<>();
    /** The records that changed twice in one second, and those changed before their message was sent again. */
    private final List<String> sameSecondIds;
    private final List<String> resentNewerIds;
    /** The notifications of deleted records, and those records. */
    private final List<String> deletedNotificationIds = new ArrayList<>();
    private final List<String> deletedRecordIds = new ArrayList<>();
    /** Each opportunity's newest change: the SystemModstamp its ERP order must carry. */
    private final Map<String, Instant> newestChange = new HashMap<>();
    /** The Amount of each opportunity's newest change, when its notifications carry one: its ERP order's amount. */
    private final Map<String, BigDecimal> newestAmount = new HashMap<>();
    /** The opportunities' Accounts: the ERP's customers. */
    private final Set<String> accountIds = new HashSet<>();

    ClosedWonScenario(int opportunities, int liveSessions, boolean sendsSessions, int erpOutages, ScenarioMessage sent,
                      SalesforceSimulator org, ErpSimulator erp, LaterChanges later) {
        opportunityIds = IntStream.rangeClosed(1, opportunities).mapToObj(n -> TestIds.id("006", n)).toList();
        sameSecondIds = IntStream.rangeClosed(1, opportunities).filter(later::sameSecond).mapToObj(n -> TestIds.id("006", n)).toList();
        resentNewerIds = IntStream.rangeClosed(1, opportunities).filter(later::resentNewer).mapToObj(n -> TestIds.id("006", n)).toList();
        for (int n = 1; n <= opportunities; n++) {
            String id = TestIds.id("006", n);
            org.addRecord("Opportunity", id);
            Map<String, String> fields = new LinkedHashMap<>(OutboundMessages.opportunity(n).fields());
            fields.remove("Id");
            org.putFields(id, fields);
            accountIds.add(fields.get("AccountId"));
            for (int item = 1; item <= 1 + n % 3; item++) {
                org.addLineItem(id, lineItem(n, item));
            }
        }
        String liveSession = sendsSessions ? org.newSession() : null;
        String expiredSession = sendsSessions ? org.newSession() : null;
        if (sendsSessions) {
            // live when its message is delivered (the listener verifies it), expired by the time of the callbacks
            org.expireAfterUserInfo(expiredSession);
        }
        int sameSession = sendsSessions ? liveSessions : opportunities;
        for (int first = 1; first <= opportunities; first += OutboundMessaging.MAX_NOTIFICATIONS_PER_MESSAGE) {
            int count = Math.min(OutboundMessaging.MAX_NOTIFICATIONS_PER_MESSAGE, opportunities - first + 1);
            // a message is Salesforce's batch of what was queued together: split where the session changes
            int live = Math.max(0, Math.min(count, sameSession - first + 1));
            if (live > 0) {
                message(first, live, liveSession, sent, org, later::resentNewer).ifPresent(messages::add);
            }
            if (count > live) {
                message(first + live, count - live, expiredSession, sent, org, later::resentNewer).ifPresent(messages::add);
            }
        }
        List<OutboundMessages> newer = messagesOf(IntStream.rangeClosed(1, opportunities).filter(later::racing)
                .mapToObj(n -> newerChange(n, opportunities)).toList(), liveSession, org);
        for (int i = 0; i < newer.size(); i++) {
            // every other message of newer changes goes out first: its records' older changes then arrive second
            messages.add(i % 2 == 0 ? 0 : messages.size(), OutboundMessaging.Queued.of(newer.get(i)));
        }
        sendSameSecond(IntStream.rangeClosed(1, opportunities).filter(later::sameSecond).toArray(), opportunities, liveSession, org);
        sendResentNewer(IntStream.rangeClosed(1, opportunities).filter(later::resentNewer).toArray(), liveSession, org);
        sendDeleted(later.deletedRecords(opportunities), liveSession, org);
        // an ID-only message carries no SystemModstamp: the worker reads the record's own
        messages.stream().flatMap(queued -> Stream.of(queued.message(), queued.resent())).filter(Objects::nonNull)
                .flatMap(message -> message.notifications().stream())
                .filter(notification -> notification.fields().containsKey("SystemModstamp"))
                .forEach(notification -> {
                    String id = notification.fields().get("Id");
                    Instant changed = Instant.parse(notification.fields().get("SystemModstamp"));
                    if (!newestChange.containsKey(id) || changed.isAfter(newestChange.get(id))) {
                        newestChange.put(id, changed);
                        String amount = notification.fields().get("Amount");
                        if (amount == null) {
                            newestAmount.remove(id);
                        } else {
                            newestAmount.put(id, new BigDecimal(amount));
                        }
                    }
                });
        // a record changed twice in one second: which of its two amounts is newest only the org can tell (ChaosPaths checks it)
        sameSecondIds.forEach(newestAmount::remove);
        int attempts = HttpErpClient.Settings.defaults().maxAttempts();
        opportunityIds.stream().limit(erpOutages)
                .forEach(id -> erp.failNext(id, attempts, ErpSimulator.Fault.unavailable()));
    }

    List<String> opportunityIds() {
        return opportunityIds;
    }

    /** The messages as first sent. */
    List<OutboundMessages> messages() {
        return messages.stream().map(OutboundMessaging.Queued::message).toList();
    }

    /** The messages as the org queues them, with what it sends again for those whose first ack is lost. */
    List<OutboundMessaging.Queued> queued() {
        return List.copyOf(messages);
    }

    /** The records and notifications of the paths only some changes take. */
    ChaosPaths.Changed changed() {
        return new ChaosPaths.Changed(sameSecondIds, resentNewerIds, List.copyOf(deletedNotificationIds), List.copyOf(deletedRecordIds));
    }

    /** How many Accounts the opportunities belong to: the customers the ERP bills. */
    int customers() {
        return accountIds.size();
    }

    Map<String, Instant> newestChange() {
        return Map.copyOf(newestChange);
    }

    Map<String, BigDecimal> newestAmount() {
        return Map.copyOf(newestAmount);
    }

    /** Each notification's record, by the notification's ID. */
    Map<String, String> recordOfNotification() {
        Map<String, String> records = new HashMap<>();
        messages.stream().flatMap(queued -> Stream.of(queued.message(), queued.resent())).filter(Objects::nonNull)
                .forEach(message -> message.notifications().forEach(n -> records.put(n.id(), n.fields().get("Id"))));
        return records;
    }

    /** The opportunity changed again the next day: another amount, another notification. */
    private static OutboundMessages.Notification newerChange(int n, int opportunities) {
        OutboundMessages.Notification first = OutboundMessages.opportunity(n);
        Map<String, String> fields = new LinkedHashMap<>(first.fields());
        fields.put("Amount", (2000 + n) + ".75");
        fields.replaceAll((name, value) -> name.equals("SystemModstamp") || name.equals("LastModifiedDate")
                ? value.replace("2026-11-20", "2026-11-21") : value);
        return new OutboundMessages.Notification(TestIds.id("04l", opportunities + n), first.objectType(), fields);
    }

    /**
     * The opportunities changed again within the second of their first change (SystemModstamp has whole seconds), with
     * another amount, which the org holds: every other one's change goes out before the scenario's messages (the older
     * data then arrives second and must lose, which only a read of the record can tell), the others' after them.
     */
    private void sendSameSecond(int[] changed, int opportunities, String session, SalesforceSimulator org) {
        List<OutboundMessages.Notification> first = new ArrayList<>();
        List<OutboundMessages.Notification> last = new ArrayList<>();
        for (int i = 0; i < changed.length; i++) {
            int n = changed[i];
            Map<String, String> fields = new LinkedHashMap<>(OutboundMessages.opportunity(n).fields());
            fields.put("Amount", (3000 + n) + ".25");
            putFields(org, fields);
            (i % 2 == 0 ? first : last).add(new OutboundMessages.Notification(TestIds.id("04l", 2L * opportunities + n), "Opportunity",
                    fields));
        }
        messages.addAll(0, messagesOf(first, session, org).stream().map(OutboundMessaging.Queued::of).toList());
        messagesOf(last, session, org).forEach(message -> messages.add(OutboundMessaging.Queued.of(message)));
    }

    /**
     * The opportunities whose message loses the ack of its first attempt, and which change (another amount, an hour
     * later) before Salesforce sends it again: the resend carries the same notification IDs with the newer data.
     */
    private void sendResentNewer(int[] changed, String session, SalesforceSimulator org) {
        List<OutboundMessages.Notification> resent = new ArrayList<>();
        for (int n : changed) {
            OutboundMessages.Notification first = OutboundMessages.opportunity(n);
            Map<String, String> fields = new LinkedHashMap<>(first.fields());
            fields.put("Amount", (4000 + n) + ".75");
            fields.replaceAll((name, value) -> name.equals("SystemModstamp") || name.equals("LastModifiedDate")
                    ? value.replace("T10:", "T11:") : value);
            putFields(org, fields);
            resent.add(new OutboundMessages.Notification(first.id(), first.objectType(), fields));
        }
        List<OutboundMessages> firstSent = messagesOf(Arrays.stream(changed).mapToObj(OutboundMessages::opportunity).toList(), session, org);
        List<OutboundMessages> sentAgain = messagesOf(resent, session, org);
        for (int i = 0; i < firstSent.size(); i++) {
            messages.add(new OutboundMessaging.Queued(firstSent.get(i), sentAgain.get(i)));
        }
    }

    /**
     * Notifications of records deleted before their delivery, which carry no data ("Considerations for Outbound
     * Messages"): an empty sObject, or none, every other one; in a message of their own, after the others.
     */
    private void sendDeleted(int count, String session, SalesforceSimulator org) {
        List<OutboundMessages.Notification> deleted = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            String id = TestIds.id("006", DELETED_RECORDS + k);
            org.addRecord("Opportunity", id);
            org.deleteRecord(id);
            deletedRecordIds.add(id);
            String notificationId = TestIds.id("04l", DELETED_RECORDS + k);
            deletedNotificationIds.add(notificationId);
            deleted.add(new OutboundMessages.Notification(notificationId, k % 2 == 0 ? null : "Opportunity", Map.of()));
        }
        messagesOf(deleted, session, org).forEach(message -> messages.add(OutboundMessaging.Queued.of(message)));
    }

    /** The record's fields as the user's last change left them, in the org. */
    private static void putFields(SalesforceSimulator org, Map<String, String> changed) {
        Map<String, String> fields = new LinkedHashMap<>(changed);
        String id = fields.remove("Id");
        org.putFields(id, fields);
    }

    /** The notifications in messages of up to 100, in their order. */
    private static List<OutboundMessages> messagesOf(List<OutboundMessages.Notification> notifications, String session,
                                                     SalesforceSimulator org) {
        List<OutboundMessages> messages = new ArrayList<>();
        for (int first = 0; first < notifications.size(); first += OutboundMessaging.MAX_NOTIFICATIONS_PER_MESSAGE) {
            OutboundMessages message = OutboundMessages.message().organizationId(org.organizationId()).sessionId(session)
                    .instanceUrl(org.instanceUrl().toString());
            notifications.subList(first, Math.min(notifications.size(), first + OutboundMessaging.MAX_NOTIFICATIONS_PER_MESSAGE))
                    .forEach(message::add);
            messages.add(message);
        }
        return messages;
    }

    /** The opportunities {@code first} to {@code first + count - 1} but those {@code sentApart}; none if that leaves none. */
    private static Optional<OutboundMessaging.Queued> message(int first, int count, String session, ScenarioMessage sent,
                                                              SalesforceSimulator org, IntPredicate sentApart) {
        OutboundMessages message = OutboundMessages.message();
        for (int n = first; n < first + count; n++) {
            if (sentApart.test(n)) {
                continue;
            }
            OutboundMessages.Notification withFields = OutboundMessages.opportunity(n);
            message.add(sent == ScenarioMessage.FIELDS ? withFields : new OutboundMessages.Notification(withFields.id(),
                    withFields.objectType(), Map.of("Id", withFields.fields().get("Id"))));
        }
        return message.notifications().isEmpty() ? Optional.empty() : Optional.of(OutboundMessaging.Queued.of(
                message.organizationId(org.organizationId()).sessionId(session).instanceUrl(org.instanceUrl().toString())));
    }

    /** The opportunity's {@code item}-th product: prices with cents, so a line's exact decimals are checked too. */
    private static SalesforceSimulator.LineItem lineItem(int opportunity, int item) {
        return new SalesforceSimulator.LineItem(TestIds.id("00k", opportunity * 3 + item), "SKU-" + (100 + item),
                "Product " + item + " & Co", BigDecimal.valueOf(item), new BigDecimal((10 * item + opportunity % 50) + ".25"));
    }
}
