package dev.sfbridge.testing;

import dev.sfbridge.model.SalesforceIds;

/** Valid 18-character Salesforce IDs for tests, built from a key prefix and a number. */
public final class TestIds {
    public static final String ORG = id("00D", 1);
    public static final String OTHER_ORG = id("00D", 2);
    public static final String ACTION = id("04k", 1);

    private TestIds() {}

    /** @param keyPrefix the object's three-character key prefix: 006 Opportunity, 04l notification, ... */
    public static String id(String keyPrefix, long n) {
        return SalesforceIds.to18(keyPrefix + "%012d".formatted(n));
    }
}
