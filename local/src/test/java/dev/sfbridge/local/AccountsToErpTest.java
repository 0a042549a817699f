package dev.sfbridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.erp.ErpCredentials;
import dev.sfbridge.erp.ErpCustomer;
import dev.sfbridge.erp.ErpException;
import dev.sfbridge.erp.HttpErpClient;
import dev.sfbridge.sync.AccountMapping;
import dev.sfbridge.testing.BulkApiSimulator;
import dev.sfbridge.testing.BulkQuerySimulator;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.SalesforceSimulator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The accounts direction's reconciliation: it passes on an ERP that holds the org's Accounts, and names each way it can be wrong. */
class AccountsToErpTest {
    private static final AccountMapping MAPPING = AccountMapping.parse(AccountMapping.DEFAULT_FIELDS);

    private final SalesforceSimulator salesforce = new SalesforceSimulator();
    private final BulkQuerySimulator org = new BulkApiSimulator(salesforce).queries();
    private final ErpSimulator erp = ErpSimulator.withApiKey("key");
    private final HttpErpClient client = new HttpErpClient(erp.baseUri(), ErpCredentials.fixed(erp.secret()),
            HttpErpClient.Settings.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)));
    private final AccountsToErp direction = new AccountsToErp(org, erp, MAPPING, 10);

    @AfterEach
    void close() {
        client.close();
        erp.close();
        salesforce.close();
    }

    @Test
    void anErpHoldingEveryAccountAsTheOrgHasItPassesWithTheDeletedOnesInactive() throws ErpException {
        playAllRounds();
        for (int a = 1; a <= 10; a++) {
            upsertAsTheSyncWould(id(a));
        }

        SyncReconciliation reconciled = direction.reconcile();

        assertTrue(reconciled.passed(), reconciled.report());
        assertEquals(10, reconciled.counts().get("with the Account's values"));
        assertEquals(2, reconciled.counts().get("of them deleted"), "accounts 5 and 10");
        assertEquals(2L, erp.deactivatedCustomers());
    }

    @Test
    void aMissingAStaleAndAForeignCustomerEachFailIt() throws ErpException {
        playAllRounds();
        for (int a = 2; a <= 10; a++) {
            upsertAsTheSyncWould(id(a));
        }
        // stale: account 7's customer still has the name before the third round's rename
        BulkQuerySimulator.Account seven = org.account(id(7)).orElseThrow();
        Map<String, String> before = new LinkedHashMap<>(MAPPING.customer(row(seven)).fields());
        before.put("name", "Account 7");
        client.upsertCustomer(new ErpCustomer(id(7), before, true, seven.systemModstamp().plusSeconds(1)));
        // foreign: a customer no Account of the org stands for
        client.upsertCustomer(new ErpCustomer("001000000000999AAA", Map.of("customerNumber", "X-1"), true, seven.systemModstamp()));

        SyncReconciliation reconciled = direction.reconcile();

        assertEquals(List.of(
                id(1) + ": no customer in the ERP",
                id(7) + ": the ERP has name=Account 7 (org: Müller & Söhne, \"Nord\"\nZweigstelle 7)",
                "customers in the ERP that are no Account of the org: 1"),
                reconciled.mismatches().stream().sorted().toList(), reconciled.report());
    }

    private void playAllRounds() {
        for (int round = 0; round < SyncScenario.ROUNDS; round++) {
            assertTrue(direction.change(round).isPresent(), "round " + round + " changes something");
        }
    }

    private String id(int account) {
        return direction.accountIds().get(account - 1);
    }

    private void upsertAsTheSyncWould(String id) throws ErpException {
        client.upsertCustomer(MAPPING.customer(row(org.account(id).orElseThrow())));
    }

    /** The account as a query's result row: its fields, Id, SystemModstamp and IsDeleted. */
    private static Map<String, String> row(BulkQuerySimulator.Account account) {
        Map<String, String> row = new LinkedHashMap<>(account.fields());
        row.put(AccountMapping.ID, account.id());
        row.put(AccountMapping.SYSTEM_MODSTAMP, account.systemModstamp().toString());
        row.put(AccountMapping.IS_DELETED, String.valueOf(account.deleted()));
        return row;
    }
}
