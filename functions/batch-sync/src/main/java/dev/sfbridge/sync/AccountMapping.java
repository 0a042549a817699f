package dev.sfbridge.sync;

import dev.sfbridge.config.Env.ConfigException;
import dev.sfbridge.erp.ErpCustomer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which Account fields the ERP's customers are made of (docs/batch-sync.md, "Settings"): ERP field to Salesforce
 * field, {@code customerNumber} required. The query always reads {@code Id}, {@code SystemModstamp} and
 * {@code IsDeleted} besides: the customer's key, its order, and whether it is deactivated.
 *
 * @param fields ERP field to Account field, in the order sent
 */
public record AccountMapping(Map<String, String> fields) {
    public static final String ID = "Id";
    public static final String SYSTEM_MODSTAMP = "SystemModstamp";
    public static final String IS_DELETED = "IsDeleted";
    public static final String DEFAULT_FIELDS = "customerNumber=ERP_Customer_Number__c,name=Name,billingStreet=BillingStreet,"
            + "billingCity=BillingCity,billingPostalCode=BillingPostalCode,billingState=BillingState,billingCountry=BillingCountry";

    public AccountMapping {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        if (!fields.containsKey("customerNumber")) {
            throw new ConfigException("SYNC_ACCOUNT_FIELDS must fill the ERP's customerNumber from an Account field");
        }
    }

    /** {@code erpField=AccountField,erpField=AccountField}; Account fields may be parent fields ({@code Owner.Email}). */
    public static AccountMapping parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : FieldPairs.parse("SYNC_ACCOUNT_FIELDS", "erpField=AccountField", "[a-zA-Z]\\w*",
                "\\w+(\\.\\w+)*", text)) {
            String erpField = pair.getKey();
            if (Set.of("salesforceAccountId", "active", "sourceModifiedAt").contains(erpField)
                    || fields.put(erpField, pair.getValue()) != null) {
                throw new ConfigException("SYNC_ACCOUNT_FIELDS names ERP field " + erpField + " twice or one the sync fills itself");
            }
        }
        return new AccountMapping(fields);
    }

    /** The fields the query selects: the three the sync needs, then the mapped ones, each once. */
    public List<String> selected() {
        Set<String> selected = new LinkedHashSet<>(List.of(ID, SYSTEM_MODSTAMP, IS_DELETED));
        selected.addAll(fields.values());
        return List.copyOf(selected);
    }

    /**
     * The Accounts modified in {@code [from, until)}, both taken down to the whole second (SOQL's dateTime literal):
     * what falls between {@code until}'s second and {@code until} is read by the next run, whose window starts a
     * lookback before. No ORDER BY, no LIMIT: they would switch off the query's chunking.
     */
    public String soql(Instant from, Instant until) {
        return "SELECT " + String.join(", ", selected()) + " FROM Account WHERE " + SYSTEM_MODSTAMP + " >= "
                + from.truncatedTo(ChronoUnit.SECONDS) + " AND " + SYSTEM_MODSTAMP + " < " + until.truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * The customer of one result row (column to value); a field without a value is sent as null, which empties it in
     * the ERP: Salesforce is master of accounts. A field whose column the row lacks (an error-table row kept under
     * an older {@code SYNC_ACCOUNT_FIELDS}) is left out: nothing is known of it, so nothing is emptied.
     *
     * @throws IllegalArgumentException when the row has no readable {@code SystemModstamp}
     */
    public ErpCustomer customer(Map<String, String> row) {
        Map<String, String> values = new LinkedHashMap<>();
        fields.forEach((erpField, accountField) -> {
            if (row.containsKey(accountField)) {
                String value = row.get(accountField);
                values.put(erpField, FieldPairs.noValue(value) ? null : value);
            }
        });
        return new ErpCustomer(row.getOrDefault(ID, ""), values, !Boolean.parseBoolean(row.get(IS_DELETED)), modifiedAt(row));
    }

    static Instant modifiedAt(Map<String, String> row) {
        try {
            return Instant.parse(row.getOrDefault(SYSTEM_MODSTAMP, ""));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("an Account row without a SystemModstamp: '" + row.get(SYSTEM_MODSTAMP) + "'");
        }
    }

    /** The row as the error table keeps it: the selected columns it has. */
    public Map<String, String> kept(Map<String, String> row) {
        Map<String, String> kept = new LinkedHashMap<>();
        selected().stream().filter(row::containsKey).forEach(field -> kept.put(field, row.get(field)));
        return kept;
    }
}
