package dev.sfbridge.local;

import dev.sfbridge.erp.HttpErpClient;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.TestIds;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * "N opportunities set to Closed Won" in the simulated org: the records exist in the org before anything is
 * sent, and the org's outbound messages carry them 100 at a time. The messages of the opportunities after
 * {@code liveSessions} carry a session that expires once the listener has verified it, as one does when
 * callbacks come after the user's session timed out: their callbacks must log in with OAuth. The first delivery of {@code erpOutages}
 * orders meets a 503 on every try the order worker makes, so those notifications go back to their queue.
 */
final class ClosedWonScenario {
    private final List<String> opportunityIds;
    private final List<OutboundMessages> messages = new ArrayList<>();

    ClosedWonScenario(int opportunities, int liveSessions, int erpOutages, SalesforceSimulator org, ErpSimulator erp) {
        opportunityIds = IntStream.rangeClosed(1, opportunities).mapToObj(n -> TestIds.id("006", n)).toList();
        opportunityIds.forEach(id -> org.addRecord("Opportunity", id));
        String liveSession = org.newSession();
        String expiredSession = org.newSession();
        // live when its message is delivered (the listener verifies it), expired by the time of the callbacks
        org.expireAfterUserInfo(expiredSession);
        for (int first = 1; first <= opportunities; first += OutboundMessaging.MAX_NOTIFICATIONS_PER_MESSAGE) {
            int count = Math.min(OutboundMessaging.MAX_NOTIFICATIONS_PER_MESSAGE, opportunities - first + 1);
            // a message is Salesforce's batch of what was queued together: split where the session changes
            int live = Math.max(0, Math.min(count, liveSessions - first + 1));
            if (live > 0) {
                messages.add(message(first, live, liveSession, org));
            }
            if (count > live) {
                messages.add(message(first + live, count - live, expiredSession, org));
            }
        }
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

    private static OutboundMessages message(int first, int count, String session, SalesforceSimulator org) {
        return OutboundMessages.closedWon(first, count).organizationId(org.organizationId()).sessionId(session)
                .instanceUrl(org.instanceUrl().toString());
    }
}
