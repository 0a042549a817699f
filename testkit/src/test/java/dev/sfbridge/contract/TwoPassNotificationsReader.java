package dev.sfbridge.contract;

import dev.sfbridge.contract.generated.outbound.Notifications;
import dev.sfbridge.contract.generated.outbound.OpportunityNotification;
import dev.sfbridge.contract.generated.sobject.SObject;
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
import java.util.stream.Collectors;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * How the parser read {@code notifications} before the one-pass reader, kept in the tests as its reference: JAXB
 * unmarshals the WSDL's generated types while {@link SObjectTap} keeps the text of every field, so each
 * notification is read twice, into the typed tree and into the text. {@code OnePassReaderEquivalenceTest}
 * checks that both give the same message or the same rejection.
 */
final class TwoPassNotificationsReader implements NotificationsContent.Reader {
    private static final JAXBContext CONTEXT = newContext();

    private final Set<QName> knownTypes = Arrays.stream(SObject.class.getAnnotation(XmlSeeAlso.class).value())
            .map(type -> new QName(OutboundMessageParser.SOBJECT_NS, type.getAnnotation(XmlType.class).name()))
            .collect(Collectors.toUnmodifiableSet());
    private final QName declaredType = declaredObjectType();

    @Override
    public NotificationsContent read(XMLStreamReader reader) throws XMLStreamException, OutboundMessageRejected {
        SObjectTap tap = new SObjectTap(reader, knownTypes, declaredType, OutboundMessageParser.MAX_NOTIFICATIONS);
        Notifications n = unmarshal(tap);
        List<NotificationsContent.Notification> notifications = new ArrayList<>();
        List<OpportunityNotification> typed = n.getNotification();
        for (int i = 0; i < typed.size(); i++) {
            SObjectTap.Captured captured = tap.captured().get(i);
            notifications.add(new NotificationsContent.Notification(typed.get(i).getId(),
                    typed.get(i).getSObject() == null ? null : captured.objectType, captured.fields));
        }
        return new NotificationsContent(n.getOrganizationId(), n.getActionId(), n.getSessionId(), n.getEnterpriseUrl(),
                n.getPartnerUrl(), notifications);
    }

    private static Notifications unmarshal(SObjectTap tap) throws XMLStreamException, OutboundMessageRejected {
        try {
            Unmarshaller unmarshaller = CONTEXT.createUnmarshaller();
            unmarshaller.setEventHandler(event -> tolerated(event, tap));
            Notifications notifications = unmarshaller.unmarshal(tap, Notifications.class).getValue();
            if (notifications == null) {
                throw new OutboundMessageRejected("contract_mismatch", "the notifications element is nil");
            }
            return notifications;
        } catch (JAXBException | RuntimeException e) {
            XMLStreamException cause = causeOfType(e, XMLStreamException.class);
            if (cause != null) {
                throw cause;
            }
            throw new OutboundMessageRejected("contract_mismatch", tap.insideSObject()
                    ? "sObject field " + tap.currentField() + " does not match its type in the WSDL"
                    : "the notifications element does not match the WSDL contract");
        }
    }

    private static boolean tolerated(ValidationEvent event, SObjectTap tap) {
        return tap.insideForeignSObject() || (tap.insideSObject() && event.getLinkedException() == null);
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

    private static QName declaredObjectType() {
        try {
            return new QName(OutboundMessageParser.SOBJECT_NS, OpportunityNotification.class.getDeclaredField("sObject").getType()
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
}
