package dev.sfbridge.contract;

import jakarta.xml.bind.DatatypeConverter;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlElementRef;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;

/**
 * The fields of an sObject type as the classes CXF generated from the WSDL declare them: each element's name and
 * the Java type JAXB would bind its text to. {@link #check} accepts exactly the text that binding would, with the
 * same lexical rules (JAXB's converter for doubles, {@link DatatypeFactory} for dates and times, as JAXB's
 * runtime calls them), so the generated types still define what a known field may hold while no object tree is
 * built. The WSDLs Salesforce generates for outbound messages bind fields to these three types and no others
 * here; a WSDL that brings another fails at start-up rather than passing its values unchecked.
 */
final class WsdlFieldTypes {
    private static final DatatypeFactory DATATYPES = datatypeFactory();

    private final Map<String, Class<?>> byElement;

    private WsdlFieldTypes(Map<String, Class<?>> byElement) {
        this.byElement = byElement;
    }

    /** Reads the generated class and its superclasses; fails at once on a type the check cannot judge. */
    static WsdlFieldTypes of(Class<?> generated) {
        Map<String, Class<?>> byElement = new HashMap<>();
        for (Class<?> c = generated; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                String element = elementName(field);
                if (element != null) {
                    Class<?> valueType = valueType(field.getGenericType());
                    if (!checkable(valueType)) {
                        throw new IllegalStateException("field " + element + " of " + generated.getSimpleName() + " binds to "
                                + valueType.getName() + ", which WsdlFieldTypes does not check");
                    }
                    byElement.putIfAbsent(element, valueType);
                }
            }
        }
        return new WsdlFieldTypes(Map.copyOf(byElement));
    }

    /** @return whether {@code text} binds to the field's type; true for a field the type does not declare */
    boolean check(String element, String text) {
        Class<?> type = byElement.get(element);
        if (type == null || type == String.class) {
            return true;
        }
        try {
            if (type == Double.class) {
                DatatypeConverter.parseDouble(text);
            } else if (type == XMLGregorianCalendar.class) {
                DATATYPES.newXMLGregorianCalendar(text.trim());
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean checkable(Class<?> type) {
        return type == String.class || type == Double.class || type == XMLGregorianCalendar.class;
    }

    private static String elementName(Field field) {
        XmlElementRef ref = field.getAnnotation(XmlElementRef.class);
        if (ref != null) {
            return ref.name();
        }
        XmlElement element = field.getAnnotation(XmlElement.class);
        if (element != null) {
            return "##default".equals(element.name()) ? field.getName() : element.name();
        }
        return null;
    }

    /** T of {@code JAXBElement<T>} and {@code List<T>}; the field's own class otherwise. */
    private static Class<?> valueType(Type type) {
        if (type instanceof ParameterizedType p && (p.getRawType() == JAXBElement.class || p.getRawType() == List.class)) {
            return valueType(p.getActualTypeArguments()[0]);
        }
        return (Class<?>) type;
    }

    private static DatatypeFactory datatypeFactory() {
        try {
            return DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
