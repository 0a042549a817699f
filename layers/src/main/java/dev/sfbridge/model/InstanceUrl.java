package dev.sfbridge.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A Salesforce org's instance, {@code https://<host>[:port]}: where its REST API is, and so where a
 * session ID from its outbound message may be sent. Read once, by the listener, from the message's
 * {@code EnterpriseUrl} (the SOAP endpoint lives on the same host), checked against the allowed hosts there,
 * and carried on the queues from then on; this is the only place such a URL is taken apart.
 */
public record InstanceUrl(URI uri) {
    public InstanceUrl {
        if (uri == null || !isOrigin(uri)) {
            throw new IllegalArgumentException("an instance URL is http(s)://host[:port] alone, not " + uri);
        }
    }

    /**
     * The instance a URL on it names: scheme and authority, the path dropped. Empty when {@code url} is not
     * an absolute http or https URL with a host, or carries user info.
     */
    public static Optional<InstanceUrl> of(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || uri.getUserInfo() != null || !(scheme.equals("https") || scheme.equals("http"))) {
                return Optional.empty();
            }
            return Optional.of(new InstanceUrl(new URI(scheme, null, uri.getHost(), uri.getPort(), null, null, null)));
        } catch (URISyntaxException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads a queue message's value: the instance URL, or, in messages written before it was carried, the
     * whole {@code EnterpriseUrl}, which names the same instance. Null, as before, for anything else.
     */
    @JsonCreator
    public static InstanceUrl fromQueue(String url) {
        return of(url).orElse(null);
    }

    public String host() {
        return uri.getHost();
    }

    @JsonValue
    @Override
    public String toString() {
        return uri.toString();
    }

    private static boolean isOrigin(URI uri) {
        return uri.getHost() != null && uri.getUserInfo() == null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                && (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null && uri.getRawFragment() == null;
    }
}
