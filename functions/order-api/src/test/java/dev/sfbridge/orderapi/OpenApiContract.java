package dev.sfbridge.orderapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI document ({@code openapi/order-api.yaml}) as a contract: a request or an answer of the real handler
 * checked against what the document says of its operation, each mismatch as a sentence. Schemas are checked with
 * networknt's OpenAPI 3.0 dialect ({@code nullable}, 3.0's formats asserted); parameters, media types, statuses and
 * headers by this class. External Services does not support response headers, so an answer's headers are named in
 * its description, in backquotes, and any other header than {@code Content-Type} must be named there.
 */
final class OpenApiContract {
    private static final String LOCATION = "classpath:" + OpenApiDocument.RESOURCE.substring(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAMED_HEADER = Pattern.compile("`([A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]*)*)`");

    final JsonNode document;
    private final SchemaRegistry registry = SchemaRegistry.withDialect(Dialects.getOpenApi30(),
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    OpenApiContract() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream(OpenApiDocument.RESOURCE)) {
            document = new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operation's JSON pointer in the document, or null when the document has no such operation. */
    String operation(String method, String path) {
        JsonNode operation = document.path("paths").path(path).get(method.toLowerCase(Locale.ROOT));
        return operation == null ? null : "/paths/" + escape(path) + "/" + method.toLowerCase(Locale.ROOT);
    }

    /** What in the request the document's operation does not take. */
    List<String> requestProblems(String method, String path, APIGatewayProxyRequestEvent request) {
        String operation = operation(method, path);
        if (operation == null) {
            return List.of("the document has no operation " + method + " " + path);
        }
        List<String> problems = new ArrayList<>();
        JsonNode parameters = at(operation).path("parameters");
        for (int i = 0; i < parameters.size(); i++) {
            JsonNode parameter = parameters.get(i);
            String name = parameter.get("name").asText();
            String value = parameterValue(request, parameter.get("in").asText(), name);
            String where = operation + "/parameters/" + i;
            if (value == null) {
                if (parameter.path("required").asBoolean()) {
                    problems.add("the required parameter " + name + " is missing");
                }
                continue;
            }
            JsonNode typed = "integer".equals(at(where).path("schema").path("type").asText()) && value.matches("-?\\d{1,18}")
                    ? JsonNodeFactory.instance.numberNode(Long.parseLong(value)) : JsonNodeFactory.instance.textNode(value);
            problems.addAll(validate(where + "/schema", typed, "parameter " + name));
        }
        if (request.getQueryStringParameters() != null) {
            request.getQueryStringParameters().keySet().stream()
                    .filter(name -> !declares(parameters, "query", name))
                    .forEach(name -> problems.add("the query parameter " + name + " is not the operation's"));
        }
        JsonNode body = at(operation).get("requestBody");
        if (body != null) {
            String mediaType = mediaType(request.getHeaders());
            if (!body.path("content").has(mediaType)) {
                problems.add("the request's media type " + mediaType + " is not the operation's");
            } else {
                problems.addAll(validateJson(operation + "/requestBody/content/" + escape(mediaType) + "/schema", request.getBody(),
                        "the request body"));
            }
        }
        return problems;
    }

    /** What in the answer the document's operation does not say it answers. */
    List<String> responseProblems(String method, String path, APIGatewayProxyResponseEvent response) {
        String operation = operation(method, path);
        if (operation == null) {
            return List.of("the document has no operation " + method + " " + path);
        }
        String status = Integer.toString(response.getStatusCode());
        JsonNode documented = at(operation).path("responses").get(status);
        if (documented == null) {
            return List.of(method + " " + path + " answered " + status + ", which the document does not list");
        }
        String pointer = documented.has("$ref")
                ? documented.get("$ref").asText().substring(1) : operation + "/responses/" + status;
        JsonNode answer = at(pointer);
        List<String> problems = new ArrayList<>();
        String description = answer.path("description").asText();
        for (String header : response.getHeaders().keySet()) {
            if (!header.equalsIgnoreCase("Content-Type") && !namedHeaders(description).contains(header)) {
                problems.add(status + " carries the header " + header + ", which its description does not name");
            }
        }
        String mediaType = mediaType(response.getHeaders());
        if (!answer.path("content").has(mediaType)) {
            problems.add(status + " is " + mediaType + ", which the document does not list for it");
        } else {
            problems.addAll(validateJson(pointer + "/content/" + escape(mediaType) + "/schema", response.getBody(), status + "'s body"));
        }
        return problems;
    }

    /** The methods the document has for a path, upper case. */
    List<String> methods(String path) {
        List<String> methods = new ArrayList<>();
        document.path("paths").path(path).fieldNames().forEachRemaining(m -> methods.add(m.toUpperCase(Locale.ROOT)));
        return methods;
    }

    JsonNode at(String pointer) {
        return document.at(pointer);
    }

    static List<String> namedHeaders(String description) {
        List<String> names = new ArrayList<>();
        Matcher matcher = NAMED_HEADER.matcher(description);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private List<String> validateJson(String schema, String text, String what) {
        JsonNode value;
        try {
            value = JSON.readTree(text == null ? "" : text);
        } catch (JsonProcessingException e) {
            return List.of(what + " is not JSON");
        }
        return value == null || value.isMissingNode() ? List.of(what + " is empty") : validate(schema, value, what);
    }

    private List<String> validate(String schema, JsonNode value, String what) {
        // the fragment is the pointer, with the path template's braces percent-encoded as a URI's fragment wants them
        String fragment = schema.replace("{", "%7B").replace("}", "%7D");
        List<Error> errors = registry.getSchema(SchemaLocation.of(LOCATION + "#" + fragment)).validate(value);
        return errors.stream().map(error -> what + ": " + error.getMessage()).toList();
    }

    private static String parameterValue(APIGatewayProxyRequestEvent request, String in, String name) {
        Map<String, String> values = switch (in) {
            case "path" -> request.getPathParameters();
            case "query" -> request.getQueryStringParameters();
            case "header" -> request.getHeaders();
            default -> throw new IllegalArgumentException("a parameter in " + in);
        };
        if (values == null) {
            return null;
        }
        return "header".equals(in) ? values.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null) : values.get(name);
    }

    private static boolean declares(JsonNode parameters, String in, String name) {
        for (JsonNode parameter : parameters) {
            if (in.equals(parameter.path("in").asText()) && name.equals(parameter.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    private static String mediaType(Map<String, String> headers) {
        String contentType = headers == null ? null : headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        return contentType == null ? "(none)" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    }

    /** A JSON pointer's token (RFC 6901): {@code ~} and {@code /} escaped. */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
