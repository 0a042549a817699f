package dev.sfbridge.contract;

import dev.sfbridge.contract.OutboundMessage.SObjectNotification;
import dev.sfbridge.contract.SObjectTap.NestedField;
import dev.sfbridge.contract.SObjectTap.NotAnSObjectType;
import dev.sfbridge.contract.SObjectTap.TooManyNotifications;
import dev.sfbridge.contract.generated.outbound.Notifications;
import dev.sfbridge.contract.generated.outbound.OpportunityNotification;
import dev.sfbridge.contract.generated.sobject.SObject;
import dev.sfbridge.model.SalesforceIds;
import dev.sfbridge.model.SessionId;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.ValidationEvent;
import jakarta.xml.bind.annotation.XmlSeeAlso;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.stream.Collectors;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a Salesforce outbound message (a SOAP 1.1 envelope) against the WSDL contract: the envelope by
 * hand ({@link SoapEnvelope}), the {@code notifications} element with JAXB types generated from the WSDL, all over a
 * {@link HardenedXmlInput} reader. Every way a message can be wrong ends in {@link OutboundMessageRejected}.
 * Thread-safe.
 */
public final class OutboundMessageParser {
    public static final String SOAP11_NS = SoapEnvelope.SOAP11_NS;
    public static final String SOAP12_NS = SoapEnvelope.SOAP12_NS;
    public static final String OUTBOUND_NS = "http://soap.sforce.com/2005/09/outbound";
    public static final String SOBJECT_NS = "urn:sobject.enterprise.soap.sforce.com";
    /** The most notifications Salesforce puts in one message (the WSDL's maxOccurs). */
    public static final int MAX_NOTIFICATIONS = 100;

    private static final JAXBContext CONTEXT = newContext();
    /** The type a Notification's sObject has when it names none: the WSDL's declared type. */
    private static final QName DECLARED_OBJECT_TYPE = declaredObjectType();

    /** More than ever parse at once here: Lambda parses one message at a time, the local stack a few. */
    private static final int IDLE_UNMARSHALLERS = 16;

    private final HardenedXmlInput input;
    /**
     * Unmarshallers are reused, one parse at a time each (they are not thread-safe). A new one per parse
     * is costly: JAXB's has a finalizer, so each one keeps the whole message it read alive through an extra
     * garbage collection and then waits for the single finalizer thread; under load that made young-GC
     * pauses of 100–350 ms. An idle one holds at most the last message it read.
     */
    private final BlockingQueue<Unmarshaller> idleUnmarshallers = new ArrayBlockingQueue<>(IDLE_UNMARSHALLERS);
    private final Set<QName> knownTypes = Arrays.stream(SObject.class.getAnnotation(XmlSeeAlso.class).value())
            .map(type -> new QName(SOBJECT_NS, type.getAnnotation(XmlType.class).name()))
            .collect(Collectors.toUnmodifiableSet());

    public OutboundMessageParser(HardenedXmlInput input) {
        this.input = input;
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

    private Read read(XMLStreamReader reader) throws XMLStreamException, OutboundMessageRejected {
        try {
            SoapEnvelope.openBody(reader);
            if (!SoapEnvelope.at(reader, OUTBOUND_NS, "notifications")) {
                throw new OutboundMessageRejected("wrong_body_element",
                        "the Body must hold {" + OUTBOUND_NS + "}notifications");
            }
            SObjectTap tap = new SObjectTap(reader, knownTypes, DECLARED_OBJECT_TYPE, MAX_NOTIFICATIONS);
            Notifications notifications = unmarshal(tap);
            SoapEnvelope.expectOnlyClosingTags(reader);
            return new Read(notifications, tap.captured());
        } catch (SoapEnvelope.Rejected e) {
            throw new OutboundMessageRejected(e.faultCode(), e.reasonCode(), e.getMessage());
        }
    }

    private Notifications unmarshal(SObjectTap tap) throws XMLStreamException, OutboundMessageRejected {
        try {
            Unmarshaller unmarshaller = idleUnmarshallers.poll();
            if (unmarshaller == null) {
                unmarshaller = CONTEXT.createUnmarshaller();
            }
            unmarshaller.setEventHandler(event -> tolerated(event, tap));
            Notifications notifications = unmarshaller.unmarshal(tap, Notifications.class).getValue();
            // only one that finished cleanly is used again; one that threw is left to the garbage collector
            unmarshaller.setEventHandler(null);
            idleUnmarshallers.offer(unmarshaller);
            if (notifications == null) {
                // xsi:nil="true" on notifications, which the WSDL does not declare nillable
                throw new OutboundMessageRejected("contract_mismatch", "the notifications element is nil");
            }
            return notifications;
        } catch (JAXBException | RuntimeException e) {
            // JAXB lets some bad input out unchecked: an xsi:type that is empty or has an unbound prefix
            XMLStreamException cause = causeOfType(e, XMLStreamException.class);
            if (cause != null) {
                throw cause;
            }
            throw new OutboundMessageRejected("contract_mismatch", tap.insideSObject()
                    ? "sObject field " + tap.currentField() + " does not match its type in the WSDL"
                    : "the notifications element does not match the WSDL contract");
        }
    }

    /**
     * What JAXB may skip: anything inside an sObject of a type without a WSDL here (the tap keeps its
     * fields), and fields a known type gained after its WSDL was generated. A value that does not fit
     * its declared type, or any deviation outside sObjects, ends the read.
     */
    private static boolean tolerated(ValidationEvent event, SObjectTap tap) {
        return tap.insideForeignSObject() || (tap.insideSObject() && event.getLinkedException() == null);
    }

    private OutboundMessage validate(Read read) throws OutboundMessageRejected {
        Notifications n = read.notifications();
        require(SalesforceIds.isValid(n.getOrganizationId()), "invalid_organization_id",
                "OrganizationId is missing or not a Salesforce ID");
        require(SalesforceIds.isValid(n.getActionId()), "invalid_action_id",
                "ActionId is missing or not a Salesforce ID");
        require(!isBlank(n.getEnterpriseUrl()), "missing_enterprise_url", "EnterpriseUrl is missing");
        List<OpportunityNotification> typed = n.getNotification();
        require(!typed.isEmpty(), "no_notifications", "the message holds no Notification");
        List<SObjectNotification> notifications = new ArrayList<>(typed.size());
        for (int i = 0; i < typed.size(); i++) {
            String id = typed.get(i).getId();
            require(SalesforceIds.isValid(id), "invalid_notification_id",
                    "Notification " + (i + 1) + " has a missing or malformed Id");
            SObjectTap.Captured captured = read.captured().get(i);
            require(typed.get(i).getSObject() != null, "missing_sobject", "Notification " + id + " has no sObject");
            require(SalesforceIds.isValid(captured.fields.get("Id")), "invalid_record_id",
                    "the sObject of Notification " + id + " has a missing or malformed Id");
            notifications.add(captured.toNotification(id));
        }
        String session = n.getSessionId();
        return new OutboundMessage(n.getOrganizationId(), n.getActionId(),
                isBlank(session) ? null : new SessionId(session),
                n.getEnterpriseUrl().strip(), isBlank(n.getPartnerUrl()) ? null : n.getPartnerUrl().strip(),
                notifications);
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

    private static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() != null ? t.getCause() : linked(t)) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Throwable linked(Throwable t) {
        return t instanceof JAXBException j && j.getLinkedException() != t ? j.getLinkedException() : null;
    }

    private static void require(boolean condition, String reasonCode, String reason) throws OutboundMessageRejected {
        if (!condition) {
            throw new OutboundMessageRejected(reasonCode, reason);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static QName declaredObjectType() {
        try {
            return new QName(SOBJECT_NS, OpportunityNotification.class.getDeclaredField("sObject").getType()
                    .getAnnotation(XmlType.class).name());
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static JAXBContext newContext() {
        try {
            return JAXBContext.newInstance(Notifications.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private record Read(Notifications notifications, List<SObjectTap.Captured> captured) {}
}
