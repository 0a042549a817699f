package dev.sfbridge.contract;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import java.io.ByteArrayInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLResolver;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;

/**
 * A StAX reader that cannot be turned against its host: no DTD is processed (a DOCTYPE is rejected
 * when it is met, before any entity in it is read), no external entity is resolved, element depth is
 * bounded by a check of our own (so it has its own error), and text and attribute sizes are bounded by
 * Woodstox's limits. The factory is built once and is thread-safe.
 */
public final class HardenedXmlInput {

    /** A resolver that refuses: with DTDs off it is never called, and if it were, nothing is fetched. */
    public static final XMLResolver REFUSING_RESOLVER = (publicId, systemId, baseUri, namespace) -> {
        throw new XMLStreamException("external resources are not resolved");
    };

    private final XMLInputFactory factory;
    private final int maxElementDepth;

    public HardenedXmlInput(int maxElementDepth) {
        this(maxElementDepth, REFUSING_RESOLVER);
    }

    /** @param resolver installed for every kind of external resource; tests pass one that records calls */
    public HardenedXmlInput(int maxElementDepth, XMLResolver resolver) {
        WstxInputFactory f = new WstxInputFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setXMLResolver(resolver);
        f.setProperty(WstxInputProperties.P_DTD_RESOLVER, resolver);
        f.setProperty(WstxInputProperties.P_ENTITY_RESOLVER, resolver);
        // No undeclared-entity resolver: Woodstox would hand it every &name; of the body, DTD or not.
        // Without one, an undeclared entity is the well-formedness error it is.
        // Text is read at next(), so a broken reference fails there with a checked XMLStreamException
        // rather than later, from getText(), as an unchecked WstxLazyException.
        f.setProperty(WstxInputProperties.P_LAZY_PARSING, false);
        // Woodstox's own bound is a backstop one level below ours
        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, maxElementDepth + 1);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 32);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, 8 * 1024);
        f.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, 256 * 1024);
        this.factory = f;
        this.maxElementDepth = maxElementDepth;
    }

    public int maxElementDepth() {
        return maxElementDepth;
    }

    public XMLStreamReader open(byte[] xml) throws XMLStreamException {
        return new GuardedReader(factory.createXMLStreamReader(new ByteArrayInputStream(xml)), maxElementDepth);
    }

    /** Thrown for a DOCTYPE: SOAP 1.1 forbids DTDs in a message. */
    public static final class DoctypeNotAllowed extends XMLStreamException {
        DoctypeNotAllowed() {
            super("a SOAP message must not contain a DOCTYPE");
        }
    }

    /** Thrown when elements nest deeper than the configured bound. */
    public static final class TooDeep extends XMLStreamException {
        TooDeep(int maxElementDepth) {
            super("elements nest deeper than " + maxElementDepth + " levels");
        }
    }

    private static final class GuardedReader extends StreamReaderDelegate {
        private final int maxElementDepth;
        private int depth;

        GuardedReader(XMLStreamReader reader, int maxElementDepth) throws XMLStreamException {
            super(reader);
            this.maxElementDepth = maxElementDepth;
            check(reader.getEventType());
        }

        @Override
        public int next() throws XMLStreamException {
            return check(super.next());
        }

        /**
         * StAX's nextTag() over {@link #next()}: the delegate's own nextTag() would read past a DOCTYPE
         * without showing it to {@link #check}.
         */
        @Override
        public int nextTag() throws XMLStreamException {
            while (true) {
                int event = next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT -> {
                        return event;
                    }
                    case XMLStreamConstants.SPACE, XMLStreamConstants.COMMENT,
                         XMLStreamConstants.PROCESSING_INSTRUCTION -> { }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (!isWhiteSpace()) {
                            throw new XMLStreamException("text where an element was expected", getLocation());
                        }
                    }
                    default -> throw new XMLStreamException("an element was expected", getLocation());
                }
            }
        }

        private int check(int event) throws XMLStreamException {
            switch (event) {
                case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE -> throw new DoctypeNotAllowed();
                case XMLStreamConstants.START_ELEMENT -> {
                    if (++depth > maxElementDepth) {
                        throw new TooDeep(maxElementDepth);
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> depth--;
                default -> { }
            }
            return event;
        }
    }
}
