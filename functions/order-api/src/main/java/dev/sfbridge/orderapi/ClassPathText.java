package dev.sfbridge.orderapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A document the function was built with, such as its OpenAPI document or its WSDL. */
final class ClassPathText {
    private ClassPathText() {}

    /** The resource's text, UTF-8; its absence is a build fault, found at start. */
    static String read(String resource) {
        try (InputStream in = ClassPathText.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
