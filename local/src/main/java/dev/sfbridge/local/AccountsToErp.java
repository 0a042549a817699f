package dev.sfbridge.local;

import dev.sfbridge.sync.AccountMapping;
import dev.sfbridge.sync.AccountSync;
import dev.sfbridge.testing.BulkQuerySimulator;
import dev.sfbridge.testing.ErpSimulator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The org's Accounts into the ERP's customers ({@link AccountSync}), played locally: over three rounds the org gets
 * new Accounts; then new names and billing addresses for some; then some deleted and one name with commas, quotes, a
 * line break and non-ASCII — and at the end the ERP must hold one customer for every Account, deleted ones too
 * ({@code queryAll} reads the recycle bin), with the Account's values in the fields the sync's mapping ({@code
 * SYNC_ACCOUNT_FIELDS}) names, active unless deleted, and no other customer.
 */
final class AccountsToErp implements SyncDirection {
    private final BulkQuerySimulator org;
    private final ErpSimulator erp;
    private final AccountMapping mapping;
    private final int accounts;
    /** The Accounts made, in order. */
    private final List<String> ids = new ArrayList<>();

    AccountsToErp(BulkQuerySimulator org, ErpSimulator erp, AccountMapping mapping, int accounts) {
        this.org = org;
        this.erp = erp;
        this.mapping = mapping;
        this.accounts = accounts;
    }

    @Override
    public String syncJob() {
        return AccountSync.NAME;
    }

    @Override
    public Optional<Instant> change(int round) {
        Instant now = Instant.now();
        int changes = 0;
        for (int a = 1; a <= accounts; a++) {
            if (round == 0) {
                ids.add(org.addAccount(Map.of("ERP_Customer_Number__c", "ACC-%04d".formatted(a), "Name", "Account " + a,
                        "BillingStreet", a + " Main Street", "BillingCity", "Springfield", "BillingCountry", "US"), now));
            } else if (round == 1 && a % 2 == 0) {
                org.changeAccount(ids.get(a - 1), Map.of("Name", "Account " + a + ", renamed", "BillingCity", "Shelbyville"), now);
            } else if (round > 1 && a % 5 == 0) {
                org.deleteAccount(ids.get(a - 1), now);
            } else if (round > 1 && a % 7 == 0) {
                org.changeAccount(ids.get(a - 1), Map.of("Name", "Müller & Söhne, \"Nord\"\nZweigstelle " + a), now);
            } else {
                continue;
            }
            changes++;
        }
        // the query's window ends on a whole second (SOQL's dateTime): a run covers the change once its watermark
        // passes the second after it
        return changes == 0 ? Optional.empty() : Optional.of(now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
    }

    /** The Accounts the rounds made, in order. */
    List<String> accountIds() {
        return List.copyOf(ids);
    }

    @Override
    public SyncReconciliation reconcile() {
        List<String> mismatches = new ArrayList<>();
        int found = 0;
        int matching = 0;
        int deleted = 0;
        for (String id : ids) {
            BulkQuerySimulator.Account account = org.account(id).orElseThrow();
            deleted += account.deleted() ? 1 : 0;
            Optional<ErpSimulator.Customer> customer = erp.customer(id);
            if (customer.isEmpty()) {
                mismatches.add(id + ": no customer in the ERP");
                continue;
            }
            found++;
            List<String> differences = differences(account, customer.get());
            if (differences.isEmpty()) {
                matching++;
            } else {
                mismatches.add(id + ": the ERP has " + String.join(", ", differences));
            }
        }
        if (erp.customerCount() > found) {
            mismatches.add("customers in the ERP that are no Account of the org: " + (erp.customerCount() - found));
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("Accounts in the org", ids.size());
        counts.put("of them deleted", deleted);
        counts.put("with an ERP customer", found);
        counts.put("with the Account's values", matching);
        counts.put("customers in the ERP", erp.customerCount());
        return new SyncReconciliation(syncJob(), counts, "", mismatches);
    }

    /** Each mapped field, and whether it is active, where the ERP's customer is not the Account: {@code field=ERP's (org: org's)}. */
    private List<String> differences(BulkQuerySimulator.Account account, ErpSimulator.Customer customer) {
        List<String> differences = new ArrayList<>();
        mapping.fields().forEach((erpField, accountField) -> {
            String expected = account.fields().getOrDefault(accountField, "");
            Object actual = customer.fields().get(erpField);
            if (!Objects.equals(expected.isEmpty() ? null : expected, actual == null ? null : actual.toString())) {
                differences.add(erpField + "=" + actual + " (org: " + expected + ")");
            }
        });
        if (customer.active() == account.deleted()) {
            differences.add("active=" + customer.active() + " (org: " + (account.deleted() ? "deleted" : "not deleted") + ")");
        }
        return differences;
    }
}
