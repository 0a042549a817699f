package dev.sfbridge.listener;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.config.Env.ConfigException;
import org.junit.jupiter.api.Test;

class InstanceHostsTest {
    private final InstanceHosts defaults = InstanceHosts.parse(InstanceHosts.DEFAULT);

    @Test
    void allowsHttpsOnSalesforceDomainsAndTheirSubdomains() {
        assertTrue(defaults.allows("https://mycompany.my.salesforce.com/services/Soap/c/62.0/00D000000000001"));
        assertTrue(defaults.allows("https://mycompany--dev.sandbox.my.salesforce.com/services/Soap/u/62.0/00D000000000001"));
        assertTrue(defaults.allows("https://EU55.Salesforce.COM/services/Soap/c/62.0"));
    }

    @Test
    void refusesOtherHostsLookalikesPlainHttpAndUserInfo() {
        assertFalse(defaults.allows("https://attacker.example/services/Soap/c/62.0"));
        assertFalse(defaults.allows("https://salesforce.com.attacker.example/"));
        assertFalse(defaults.allows("https://attackersalesforce.com/"));
        assertFalse(defaults.allows("http://mycompany.my.salesforce.com/"));
        assertFalse(defaults.allows("https://attacker.example@mycompany.my.salesforce.com/"));
        assertFalse(defaults.allows("not a url"));
        assertFalse(defaults.allows("/services/Soap/c/62.0"));
    }

    @Test
    void anOriginEntryAllowsExactlyThatSchemeHostAndPort() {
        InstanceHosts local = InstanceHosts.parse("salesforce.mil, http://127.0.0.1:8443");

        assertTrue(local.allows("http://127.0.0.1:8443/services/Soap/c/62.0/00D"));
        assertFalse(local.allows("http://127.0.0.1:9001/services/Soap/c/62.0/00D"));
        assertFalse(local.allows("https://127.0.0.1:8443/"));
        assertTrue(local.allows("https://mycompany.my.salesforce.mil/"));
        assertFalse(local.allows("https://mycompany.my.salesforce.com/"), "the list replaces the default");
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
