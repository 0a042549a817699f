package dev.sfbridge.contract;

import dev.sfbridge.contract.OutboundMessage.SObjectNotification;
import dev.sfbridge.contract.OnePassNotificationsReader.NestedField;
import dev.sfbridge.contract.OnePassNotificationsReader.NotAnSObjectType;
import dev.sfbridge.contract.OnePassNotificationsReader.TooManyNotifications;
import dev.sfbridge.model.SalesforceIds;
import dev.sfbridge.model.SessionId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a Salesforce outbound message (a SOAP 1.1 envelope) against the WSDL contract: the envelope by
 * hand ({@link SoapEnvelope}), the {@code notifications} element in one pass against the types CXF generated from the WSDL
 * ({@link OnePassNotificationsReader}), all over a {@link HardenedXmlInput} reader. Every way a message can be wrong ends in {@link OutboundMessageRejected}.
 * Thread-safe.
 */
public final class OutboundMessageParser {
    public static final String SOAP11_NS = SoapEnvelope.SOAP11_NS;
    public static final String SOAP12_NS = SoapEnvelope.SOAP12_NS;
    public static final String OUTBOUND_NS = "http://soap.sforce.com/2005/09/outbound";
    public static final String SOBJECT_NS = "urn:sobject.enterprise.soap.sforce.com";
    /** The most notifications Salesforce puts in one message (the WSDL's maxOccurs). */
    public static final int MAX_NOTIFICATIONS = 100;

    private final HardenedXmlInput input;
    private final NotificationsContent.Reader notificationsReader;

    public OutboundMessageParser(HardenedXmlInput input) {
        this(input, new OnePassNotificationsReader(MAX_NOTIFICATIONS));
    }

    /** @param notificationsReader reads the Body's {@code notifications}; tests compare readers through it */
    OutboundMessageParser(HardenedXmlInput input, NotificationsContent.Reader notificationsReader) {
        this.input = input;
        this.notificationsReader = notificationsReader;
    }

    public OutboundMessage parse(byte[] body) throws OutboundMessageRejected {
        if (body.length == 0) {
            throw new OutboundMessageRejected("empty_body", "the request has no body");
        }
        try {
            XMLStreamReader reader = input.open(body);
            try {
                return validate(read(reader));
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw rejection(e);
        }
    }

    private NotificationsContent read(XMLStreamReader reader) throws XMLStreamException, OutboundMessageRejected {
        try {
            SoapEnvelope.openBody(reader);
            if (!SoapEnvelope.at(reader, OUTBOUND_NS, "notifications")) {
                throw new OutboundMessageRejected("wrong_body_element",
                        "the Body must hold {" + OUTBOUND_NS + "}notifications");
            }
            NotificationsContent notifications = notificationsReader.read(reader);
            SoapEnvelope.expectOnlyClosingTags(reader);
            return notifications;
        } catch (SoapEnvelope.Rejected e) {
            throw new OutboundMessageRejected(e.faultCode(), e.reasonCode(), e.getMessage());
        }
    }

    /** A refusal of a message whose header was read names its org and its notifications, for the log. */
    private OutboundMessage validate(NotificationsContent n) throws OutboundMessageRejected {
        try {
            return checked(n);
        } catch (OutboundMessageRejected e) {
            throw e.naming(SalesforceIds.isValid(n.organizationId()) ? n.organizationId() : null,
                    n.notifications().stream().map(NotificationsContent.Notification::id).filter(SalesforceIds::isValid).toList());
        }
    }

    private OutboundMessage checked(NotificationsContent n) throws OutboundMessageRejected {
        require(SalesforceIds.isValid(n.organizationId()), "invalid_organization_id",
                "OrganizationId is missing or not a Salesforce ID");
        require(SalesforceIds.isValid(n.actionId()), "invalid_action_id",
                "ActionId is missing or not a Salesforce ID");
        require(!isBlank(n.enterpriseUrl()), "missing_enterprise_url", "EnterpriseUrl is missing");
        require(!n.notifications().isEmpty(), "no_notifications", "the message holds no Notification");
        List<SObjectNotification> notifications = new ArrayList<>(n.notifications().size());
        List<String> withoutRecord = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n.notifications().size(); i++) {
            NotificationsContent.Notification read = n.notifications().get(i);
            String id = read.id();
            require(SalesforceIds.isValid(id), "invalid_notification_id",
                    "Notification " + (i + 1) + " has a missing or malformed Id");
            if (!seen.add(id)) {
                // the same notification twice in one message: kept once, as the worker would keep it anyway
                continue;
            }
            if (read.fields().isEmpty()) {
                // "If the record is deleted before the notification is delivered, the notification contains no data"
                // (Considerations for Outbound Messages): nothing to do, and no reason to refuse the others with it
                withoutRecord.add(id);
                continue;
            }
            // data without an Id is no deleted record but a broken message: refused, as a malformed Id is
            String recordId = read.fields().get("Id");
            require(SalesforceIds.isValid(recordId), "invalid_record_id",
                    "the sObject of Notification " + id + " has a missing or malformed Id");
            notifications.add(new SObjectNotification(id, read.objectType(), recordId, read.fields()));
        }
        String session = n.sessionId();
        return new OutboundMessage(n.organizationId(), n.actionId(),
                isBlank(session) ? null : new SessionId(session),
                n.enterpriseUrl().strip(), isBlank(n.partnerUrl()) ? null : n.partnerUrl().strip(),
                notifications, withoutRecord);
    }

    private static OutboundMessageRejected rejection(XMLStreamException e) {
        if (e instanceof TooManyNotifications) {
            return new OutboundMessageRejected("too_many_notifications",
                    "an outbound message carries at most " + MAX_NOTIFICATIONS + " notifications");
        }
        if (e instanceof NestedField) {
            return new OutboundMessageRejected("nested_field", e.getMessage());
        }
        if (e instanceof NotAnSObjectType) {
            return new OutboundMessageRejected("not_an_sobject_type", e.getMessage());
        }
        SoapEnvelope.Rejected unreadable = SoapEnvelope.unreadable(e);
        return new OutboundMessageRejected(unreadable.faultCode(), unreadable.reasonCode(), unreadable.getMessage());
    }

    private static void require(boolean condition, String reasonCode, String reason) throws OutboundMessageRejected {
        if (!condition) {
            throw new OutboundMessageRejected(reasonCode, reason);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
