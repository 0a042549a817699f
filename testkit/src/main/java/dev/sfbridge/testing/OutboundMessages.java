package dev.sfbridge.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Outbound-message bodies as Salesforce sends them, for tests, sample events and the simulated org. */
public final class OutboundMessages {
    public static final String SESSION_ID = "00D000000000001!AQ4AQSessionIdForTestsOnly.x8f2kP0vQ";

    private String organizationId = TestIds.ORG;
    private String actionId = TestIds.ACTION;
    private String sessionId = SESSION_ID;
    private String instanceUrl = "https://sfbridge-dev.my.salesforce.com";
    private final List<Notification> notifications = new ArrayList<>();

    /**
     * @param objectType the sObject's type; null for a Notification without an sObject (its record deleted)
     * @param fields     in the order they are written; a null value is written as {@code xsi:nil="true"}
     */
    public record Notification(String id, String objectType, Map<String, String> fields) {}

    public static OutboundMessages message() {
        return new OutboundMessages();
    }

    /** A message of {@code count} Closed Won opportunities, numbered from {@code first}. */
    public static OutboundMessages closedWon(int first, int count) {
        OutboundMessages message = new OutboundMessages();
        for (int i = first; i < first + count; i++) {
            message.add(opportunity(i));
        }
        return message;
    }

    public static Notification opportunity(int n) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Id", TestIds.id("006", n));
        fields.put("AccountId", TestIds.id("001", n % 97));
        fields.put("Amount", (1000 + n) + ".50");
        fields.put("CloseDate", "2026-11-%02d".formatted(1 + n % 28));
        fields.put("LastModifiedDate", "2026-11-20T10:%02d:%02d.000Z".formatted(n / 60 % 60, n % 60));
        fields.put("Name", "Deal " + n + " & Sons <Renewal>");
        fields.put("OwnerId", TestIds.id("005", 7));
        fields.put("StageName", "Closed Won");
        fields.put("SystemModstamp", "2026-11-20T10:%02d:%02d.000Z".formatted(n / 60 % 60, n % 60));
        return new Notification(TestIds.id("04l", n), "Opportunity", fields);
    }

    public OutboundMessages add(Notification notification) {
        notifications.add(notification);
        return this;
    }

    public OutboundMessages organizationId(String organizationId) {
        this.organizationId = organizationId;
        return this;
    }

    public OutboundMessages sessionId(String sessionId) {
        this.sessionId = sessionId;
        return this;
    }

    public OutboundMessages instanceUrl(String instanceUrl) {
        this.instanceUrl = instanceUrl;
        return this;
    }

    public List<Notification> notifications() {
        return List.copyOf(notifications);
    }

    public String organizationId() {
        return organizationId;
    }

    public String sessionId() {
        return sessionId;
    }

    public String enterpriseUrl() {
        return instanceUrl + "/services/Soap/c/62.0/" + organizationId.substring(0, 15);
    }

    /** A notification of this message as the listener puts it on the notifications queue. */
    public dev.sfbridge.model.Notification queued(Notification notification, java.time.Instant receivedAt) {
        return new dev.sfbridge.model.Notification(dev.sfbridge.model.Notification.SCHEMA_VERSION, notification.id(),
                organizationId, actionId, notification.objectType(), notification.fields().get("Id"), notification.fields(),
                receivedAt, dev.sfbridge.model.InstanceUrl.of(enterpriseUrl()).orElseThrow(), sessionId == null ? null : new dev.sfbridge.model.SessionId(sessionId));
    }

    public String xml() {
        StringBuilder xml = new StringBuilder(512 + notifications.size() * 900);
        xml.append("""
                <?xml version="1.0" encoding="UTF-8"?>
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" \
                xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                 <soapenv:Body>
                  <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
                """);
        element(xml, "   ", "OrganizationId", organizationId);
        element(xml, "   ", "ActionId", actionId);
        element(xml, "   ", "SessionId", sessionId);
        element(xml, "   ", "EnterpriseUrl", enterpriseUrl());
        element(xml, "   ", "PartnerUrl", instanceUrl + "/services/Soap/u/62.0/" + organizationId.substring(0, 15));
        for (Notification n : notifications) {
            xml.append("   <Notification>\n");
            element(xml, "    ", "Id", n.id());
            if (n.objectType() != null) {
                xml.append("    <sObject xsi:type=\"sf:").append(n.objectType())
                        .append("\" xmlns:sf=\"urn:sobject.enterprise.soap.sforce.com\">\n");
                n.fields().forEach((name, value) -> element(xml, "     ", "sf:" + name, value));
                xml.append("    </sObject>\n");
            }
            xml.append("   </Notification>\n");
        }
        xml.append("  </notifications>\n </soapenv:Body>\n</soapenv:Envelope>\n");
        return xml.toString();
    }

    private static void element(StringBuilder xml, String indent, String name, String value) {
        xml.append(indent).append('<').append(name);
        if (value == null) {
            xml.append(" xsi:nil=\"true\"/>\n");
            return;
        }
        xml.append('>').append(escape(value)).append("</").append(name).append(">\n");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
