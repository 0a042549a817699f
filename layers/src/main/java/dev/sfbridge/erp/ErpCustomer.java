package dev.sfbridge.erp;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Salesforce Account as the ERP's customer endpoint takes it (docs/erp-api.md, "Customers"): upserted by the
 * Account's ID, deactivated rather than deleted when the Account was deleted, and ordered by its
 * {@code SystemModstamp} so an older change never overwrites a newer one.
 *
 * @param fields           ERP field to value, in the order sent; null for a field Salesforce holds no value in (the
 *                         ERP empties it)
 * @param active           false for an Account deleted in Salesforce
 * @param sourceModifiedAt the Account's {@code SystemModstamp}
 */
public record ErpCustomer(String salesforceAccountId, Map<String, String> fields, boolean active, Instant sourceModifiedAt) {
    public ErpCustomer {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
