package dev.sfbridge.orderapi;

import java.util.Map;

/**
 * The request-reply routes' OpenAPI 3.0 document ({@code openapi/order-api.yaml}, the one the repository holds),
 * served as {@code GET /openapi.yaml} so that Salesforce External Services registers what the deployed stack runs
 * (docs/request-reply.md, "Registering in Salesforce").
 */
final class OpenApiDocument {
    static final String RESOURCE = "/openapi/order-api.yaml";
    /** RFC 9512's media type for YAML. */
    static final String MEDIA_TYPE = "application/yaml";

    private final String text;

    private OpenApiDocument(String text) {
        this.text = text;
    }

    /** The document on the function's class path; its absence is a build fault, found at start. */
    static OpenApiDocument fromClassPath() {
        return new OpenApiDocument(ClassPathText.read(RESOURCE));
    }

    ApiResponse answer() {
        return new ApiResponse(200, Map.of("Content-Type", MEDIA_TYPE), text);
    }
}
