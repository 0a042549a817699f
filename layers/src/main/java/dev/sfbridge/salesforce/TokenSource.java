package dev.sfbridge.salesforce;

/** Where a new OAuth access token comes from. */
@FunctionalInterface
public interface TokenSource {
    AccessToken fetch() throws SalesforceException;
}
