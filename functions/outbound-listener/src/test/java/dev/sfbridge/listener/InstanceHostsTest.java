package dev.sfbridge.listener;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.config.Env.ConfigException;
import dev.sfbridge.model.InstanceUrl;
import org.junit.jupiter.api.Test;

class InstanceHostsTest {
    private final InstanceHosts defaults = InstanceHosts.parse(InstanceHosts.DEFAULT);

    /** As the listener checks a message's URL: read as an instance URL, then matched against the hosts. */
    private static boolean allows(InstanceHosts hosts, String url) {
        return InstanceUrl.of(url).filter(hosts::allows).isPresent();
    }

    @Test
    void allowsHttpsOnSalesforceDomainsAndTheirSubdomains() {
        assertTrue(allows(defaults, "https://mycompany.my.salesforce.com/services/Soap/c/62.0/00D000000000001"));
        assertTrue(allows(defaults, "https://mycompany--dev.sandbox.my.salesforce.com/services/Soap/u/62.0/00D000000000001"));
        assertTrue(allows(defaults, "https://EU55.Salesforce.COM/services/Soap/c/62.0"));
    }

    @Test
    void refusesOtherHostsLookalikesPlainHttpAndUserInfo() {
        assertFalse(allows(defaults, "https://attacker.example/services/Soap/c/62.0"));
        assertFalse(allows(defaults, "https://salesforce.com.attacker.example/"));
        assertFalse(allows(defaults, "https://attackersalesforce.com/"));
        assertFalse(allows(defaults, "http://mycompany.my.salesforce.com/"));
        assertFalse(allows(defaults, "https://attacker.example@mycompany.my.salesforce.com/"));
        assertFalse(allows(defaults, "not a url"));
        assertFalse(allows(defaults, "/services/Soap/c/62.0"));
    }

    @Test
    void anOriginEntryAllowsExactlyThatSchemeHostAndPort() {
        InstanceHosts local = InstanceHosts.parse("salesforce.mil, http://127.0.0.1:8443");

        assertTrue(allows(local, "http://127.0.0.1:8443/services/Soap/c/62.0/00D"));
        assertFalse(allows(local, "http://127.0.0.1:9001/services/Soap/c/62.0/00D"));
        assertFalse(allows(local, "https://127.0.0.1:8443/"));
        assertTrue(allows(local, "https://mycompany.my.salesforce.mil/"));
        assertFalse(allows(local, "https://mycompany.my.salesforce.com/"), "the list replaces the default");
    }

    @Test
    void refusesAConfigurationThatIsNotDomainsOrOrigins() {
        assertThrows(ConfigException.class, () -> InstanceHosts.parse(" , "));
        assertThrows(ConfigException.class, () -> InstanceHosts.parse("*.salesforce.com"));
        assertThrows(ConfigException.class, () -> InstanceHosts.parse(".salesforce.com"));
        assertThrows(ConfigException.class, () -> InstanceHosts.parse("localhost"));
        assertThrows(ConfigException.class, () -> InstanceHosts.parse("http://127.0.0.1:8443/services"));
    }
}
