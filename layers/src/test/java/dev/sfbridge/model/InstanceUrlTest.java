package dev.sfbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InstanceUrlTest {
    private static final String ENTERPRISE_URL = "https://acme.my.salesforce.com/services/Soap/c/62.0/00D000000000001";

    @Test
    void theInstanceIsTheSchemeAndAuthorityOfAUrlOnIt() {
        assertEquals("https://acme.my.salesforce.com", InstanceUrl.of(ENTERPRISE_URL).orElseThrow().toString());
        assertEquals("http://127.0.0.1:8443", InstanceUrl.of("http://127.0.0.1:8443/services/Soap/c/62.0/00D").orElseThrow().toString());
        assertEquals("https://eu55.salesforce.com", InstanceUrl.of("HTTPS://eu55.salesforce.com/x?y#z").orElseThrow().toString());
    }

    @Test
    void aUrlThatNamesNoHttpInstanceHasNone() {
        for (String url : new String[] {"not a url", "/services/Soap/c/62.0", "ftp://acme.my.salesforce.com/",
                "https://attacker.example@acme.my.salesforce.com/", "https:///no-host", ""}) {
            assertEquals(Optional.empty(), InstanceUrl.of(url), url);
        }
    }

    @Test
    void onlyAnOriginIsAnInstanceUrl() {
        assertThrows(IllegalArgumentException.class, () -> new InstanceUrl(URI.create(ENTERPRISE_URL)));
        assertThrows(IllegalArgumentException.class, () -> new InstanceUrl(URI.create("mailto:a@b.c")));
    }

    /** A message queued by the version before this one carries the whole EnterpriseUrl: still read, as its instance. */
    @Test
    void aNotificationQueuedByThePreviousVersionIsReadWithItsInstance() {
        String queuedBefore = "{\"schemaVersion\":1,\"notificationId\":\"04l000000000001AAA\",\"organizationId\":"
                + "\"00D000000000001EAA\",\"objectType\":\"Opportunity\",\"recordId\":\"006000000000001AAA\",\"fields\":{},"
                + "\"receivedAt\":\"2026-11-27T08:00:00Z\",\"enterpriseUrl\":\"" + ENTERPRISE_URL + "\",\"sessionId\":\"00D!s\"}";

        Notification read = QueueJson.read(queuedBefore, Notification.class);

        assertEquals("https://acme.my.salesforce.com", read.instanceUrl().toString());
        assertEquals(Notification.SCHEMA_VERSION, read.schemaVersion());
    }

    /**
     * The field keeps its name, so the previous version's worker, which takes the instance from any URL in
     * it, reads a message this listener queued during a deployment.
     */
    @Test
    void aNotificationQueuedNowCarriesTheInstanceUnderTheFieldThePreviousVersionReads() {
        Notification now = new Notification(Notification.SCHEMA_VERSION, "04l000000000001AAA", "00D000000000001EAA", null,
                "Opportunity", "006000000000001AAA", Map.of(), Instant.EPOCH, InstanceUrl.of(ENTERPRISE_URL).orElseThrow(), null);

        String json = QueueJson.write(now);

        assertTrue(json.contains("\"enterpriseUrl\":\"https://acme.my.salesforce.com\""), json);
        assertEquals(now.instanceUrl(), QueueJson.read(json, Notification.class).instanceUrl());
    }

    @Test
    void aQueuedValueThatNamesNoInstanceIsReadAsNone() {
        assertNull(InstanceUrl.fromQueue("not a url"));
    }
}
