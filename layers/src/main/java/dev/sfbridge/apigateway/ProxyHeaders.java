package dev.sfbridge.apigateway;

import java.util.Map;

/** Headers of an API Gateway proxy event, as every route behind it reads them. */
public final class ProxyHeaders {
    private ProxyHeaders() {}

    /** HTTP header names are case-insensitive; API Gateway passes them as the client sent them. */
    public static String get(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }
}
