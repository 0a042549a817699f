package dev.sfbridge.local;

import dev.sfbridge.erp.HttpErpClient;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.TestIds;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * "N opportunities set to Closed Won" in the simulated org: the records exist in the org before anything is
 * sent, with their fields and one to three products each, and the org's outbound messages carry them 100 at a
 * time: their fields, or their IDs only ({@link ScenarioMessage}), which the order worker reads back. The messages carry no
 * session, as Salesforce sends them since February 2026, unless the org {@code sendsSessions} (a legacy org, for a
 * listener that verifies sessions): then the messages of the opportunities after {@code liveSessions} carry a session
 * that expires once the listener has verified it, as one does when callbacks come after the user's session timed out:
 * their callbacks must log in with OAuth, as every callback does without a session. The first delivery of {@code erpOutages}
 * orders meets a 503 on every try the order worker makes, so those notifications go back to their queue.
 * The {@code racing} opportunities change again a day later: a message of those newer changes goes out
 * before the others (the older change then comes second), and another after them.
 */
final class ClosedWonScenario {
    private final List<String> opportunityIds;
    private final List<OutboundMessages> messages = new ArrayList<>();
    /** Each opportunity's newest change: the SystemModstamp its ERP order must carry. */
    private final Map<String, Instant> newestChange = new HashMap<>();
    /** The Amount of each opportunity's newest change, when its notifications carry one: its ERP order's amount. */
    private final Map<String, BigDecimal> newestAmount = new HashMap<>();
    /** The opportunities' Accounts: the ERP's customers. */
    private final Set<String> accountIds = new HashSet<>();

    ClosedWonScenario(int opportunities, int liveSessions, boolean sendsSessions, int erpOutages, ScenarioMessage sent,
                      SalesforceSimulator org, ErpSimulator erp, IntPredicate racing) {
        opportunityIds = IntStream.rangeClosed(1, opportunities).mapToObj(n -> TestIds.id("006", n)).toList();
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
                messages.add(message(first, live, liveSession, sent, org));
            }
            if (count > live) {
                messages.add(message(first + live, count - live, expiredSession, sent, org));
            }
        }
        List<OutboundMessages.Notification> newer = IntStream.rangeClosed(1, opportunities).filter(racing)
                .mapToObj(n -> newerChange(n, opportunities)).toList();
        for (int first = 0; first < newer.size(); first += OutboundMessaging.MAX_NOTIFICATIONS_PER_MESSAGE) {
            OutboundMessages message = OutboundMessages.message().organizationId(org.organizationId()).sessionId(liveSession)
                    .instanceUrl(org.instanceUrl().toString());
            newer.subList(first, Math.min(newer.size(), first + OutboundMessaging.MAX_NOTIFICATIONS_PER_MESSAGE)).forEach(message::add);
            // every other message of newer changes goes out first: its records' older changes then arrive second
            messages.add(first / OutboundMessaging.MAX_NOTIFICATIONS_PER_MESSAGE % 2 == 0 ? 0 : messages.size(), message);
        }
        // an ID-only message carries no SystemModstamp: the worker reads the record's own
        messages.stream().flatMap(message -> message.notifications().stream())
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
        int attempts = HttpErpClient.Settings.defaults().maxAttempts();
        opportunityIds.stream().limit(erpOutages)
                .forEach(id -> erp.failNext(id, attempts, ErpSimulator.Fault.unavailable()));
    }

    List<String> opportunityIds() {
        return opportunityIds;
    }

    List<OutboundMessages> messages() {
        return List.copyOf(messages);
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
        messages.forEach(message -> message.notifications().forEach(n -> records.put(n.id(), n.fields().get("Id"))));
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

    private static OutboundMessages message(int first, int count, String session, ScenarioMessage sent, SalesforceSimulator org) {
        OutboundMessages message = OutboundMessages.message();
        for (int n = first; n < first + count; n++) {
            OutboundMessages.Notification withFields = OutboundMessages.opportunity(n);
            message.add(sent == ScenarioMessage.FIELDS ? withFields : new OutboundMessages.Notification(withFields.id(),
                    withFields.objectType(), Map.of("Id", withFields.fields().get("Id"))));
        }
        return message.organizationId(org.organizationId()).sessionId(session).instanceUrl(org.instanceUrl().toString());
    }

    /** The opportunity's {@code item}-th product: prices with cents, so a line's exact decimals are checked too. */
    private static SalesforceSimulator.LineItem lineItem(int opportunity, int item) {
        return new SalesforceSimulator.LineItem(TestIds.id("00k", opportunity * 3 + item), "SKU-" + (100 + item),
                "Product " + item + " & Co", BigDecimal.valueOf(item), new BigDecimal((10 * item + opportunity % 50) + ".25"));
    }
}
