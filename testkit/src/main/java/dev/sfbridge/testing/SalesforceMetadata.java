package dev.sfbridge.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Salesforce DX source in {@code salesforce/} as tests read it: metadata XML (a DOCTYPE refused), and its
 * elements by name, each lookup failing with what it looked for when the element is not there exactly once.
 */
public final class SalesforceMetadata {
    public static final String NS = "http://soap.sforce.com/2006/04/metadata";
    /** {@code salesforce/force-app/main/default}, from the build's {@code sfbridge.salesforce.dir}. */
    public static final Path SOURCE = Path.of(System.getProperty("sfbridge.salesforce.dir", "salesforce"), "force-app/main/default");

    private SalesforceMetadata() {}

    public static Document read(Path file) throws Exception {
        return secureFactory().newDocumentBuilder().parse(file.toFile());
    }

    /** A parser for metadata XML: namespace-aware, no DOCTYPE. */
    public static DocumentBuilderFactory secureFactory() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory;
    }

    /** The children of {@code parent} named {@code name}, in order. */
    public static List<Element> children(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagNameNS(NS, name);
        return IntStream.range(0, nodes.getLength()).mapToObj(i -> (Element) nodes.item(i))
                .filter(e -> e.getParentNode() == parent).toList();
    }

    /** The one child {@code name} of {@code parent} whose element {@code key} holds {@code value}. */
    public static Element childWhere(Element parent, String name, String key, String value) {
        return one(children(parent, name).stream().filter(e -> text(e, key).equals(value)).toList(),
                "one " + name + " with " + key + " " + value + " in " + parent.getLocalName());
    }

    public static Element only(Element parent, String name) {
        return one(children(parent, name), "one " + name + " in " + parent.getLocalName());
    }

    public static String text(Element parent, String name) {
        return only(parent, name).getTextContent().strip();
    }

    public static List<String> texts(Element parent, String name) {
        return children(parent, name).stream().map(e -> e.getTextContent().strip()).toList();
    }

    private static Element one(List<Element> found, String expected) {
        if (found.size() != 1) {
            throw new AssertionError(expected + ", found " + found.size());
        }
        return found.getFirst();
    }
}
