package dev.sfbridge.listener;

import dev.sfbridge.config.Env.ConfigException;
import dev.sfbridge.model.SalesforceIds;
import java.util.Set;

/** The Salesforce orgs allowed to send: IDs compared in their 18-character form, so 15 and 18 match. */
public final class OrganizationAllowlist {
    private final Set<String> organizations;

    private OrganizationAllowlist(Set<String> organizations) {
        this.organizations = organizations;
    }

    /** @param commaSeparated org IDs, 15 or 18 characters each */
    public static OrganizationAllowlist parse(String commaSeparated) {
        Set<String> ids = SalesforceIdList.parse("ALLOWED_ORG_IDS", commaSeparated, "org", "");
        if (ids.isEmpty()) {
            throw new ConfigException("ALLOWED_ORG_IDS names no organization: the listener would refuse every message");
        }
        return new OrganizationAllowlist(ids);
    }

    public boolean allows(String organizationId) {
        return SalesforceIds.isValid(organizationId) && organizations.contains(SalesforceIds.to18(organizationId));
    }
}
