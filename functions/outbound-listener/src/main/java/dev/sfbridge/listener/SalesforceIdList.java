package dev.sfbridge.listener;

import dev.sfbridge.config.Env.ConfigException;
import dev.sfbridge.model.SalesforceIds;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A setting that lists Salesforce IDs, comma-separated, 15 or 18 characters each: read as their 18-character
 * forms, so an ID matches whichever of its two forms the setting or a message holds.
 */
final class SalesforceIdList {
    private SalesforceIdList() {}

    /**
     * @param setting   the setting's name, for the error
     * @param kind      what the IDs are ("org", "user"), for the error
     * @param keyPrefix the three characters every ID of the kind starts with, or empty for any
     * @throws ConfigException naming the setting and the first ID that is not one of the kind
     */
    static Set<String> parse(String setting, String commaSeparated, String kind, String keyPrefix) {
        return Arrays.stream(commaSeparated.split(","))
                .map(String::strip)
                .filter(id -> !id.isEmpty())
                .map(id -> {
                    if (!SalesforceIds.isValid(id) || !id.startsWith(keyPrefix)) {
                        throw new ConfigException(setting + " holds '" + id + "', which is not a Salesforce " + kind + " ID"
                                + (keyPrefix.isEmpty() ? "" : " (15 or 18 characters, starting " + keyPrefix + ")"));
                    }
                    return SalesforceIds.to18(id);
                })
                .collect(Collectors.toUnmodifiableSet());
    }
}
