package dev.sfbridge.local.template;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the local stack takes from template.yaml: the queues with their visibility timeouts and redrive
 * policies, the tables with their keys and TTL attribute, the secrets Secrets Manager generates, the conditions they
 * are created under, and the functions with their handlers,
 * environments, API routes, SQS event sources and schedules. Read at every start, so the local stack and the
 * deployed one cannot drift apart; anything it needs and cannot find is an error naming it.
 */
public final class SamTemplate {
    /** SQS's default when a queue declares none. */
    private static final int DEFAULT_VISIBILITY_TIMEOUT = 30;
    /** SAM's default batch size for an SQS event. */
    private static final int DEFAULT_BATCH_SIZE = 10;
    /** Lambda's default memory size, in MB. */
    private static final int DEFAULT_MEMORY_MB = 128;

    public record Queue(String logicalId, Object name, Duration visibilityTimeout, Optional<Redrive> redrive) {}

    /** @param deadLetterQueue the logical ID of the queue messages go to after {@code maxReceiveCount} receives */
    public record Redrive(String deadLetterQueue, int maxReceiveCount) {}

    /** @param attributeTypes the key attributes' types: S, N or B */
    public record Table(String logicalId, Map<String, String> attributeTypes, List<KeyElement> keySchema,
                        Optional<String> timeToLiveAttribute) {}

    public record KeyElement(String attributeName, String keyType) {}

    /**
     * An {@code AWS::SecretsManager::Secret} whose value Secrets Manager generates.
     *
     * @param condition            the template's condition it is created under; empty: always
     * @param name                 its {@code Name}, as written (intrinsics unresolved)
     * @param generateSecretString its {@code GenerateSecretString}, as written
     */
    public record GeneratedSecret(String logicalId, Optional<String> condition, Object name, Map<String, Object> generateSecretString) {}

    /**
     * @param environment the Globals' variables overlaid with the function's own, values as written (intrinsics unresolved)
     * @param memoryMb    {@code MemorySize}, the function's or the Globals'; Lambda's default 128 when neither sets it
     * @param architecture the first of {@code Architectures}, the function's or the Globals'; Lambda's default x86_64
     */
    public record Function(String logicalId, String handler, Map<String, Object> environment, List<ApiRoute> routes,
                           List<SqsEventSource> queueEvents, List<ScheduleEvent> schedules, int memoryMb, String architecture) {

        /** The handler's class: {@code Handler: a.b.C::handleRequest} names {@code a.b.C}. */
        public String handlerClass() {
            int method = handler.indexOf("::");
            return method < 0 ? handler : handler.substring(0, method);
        }
    }

    /** @param api the logical ID of the {@code AWS::Serverless::Api} its {@code RestApiId} names; empty: SAM's implicit API */
    public record ApiRoute(String path, String method, Optional<String> api) {}

    /**
     * An API's {@code Auth}, which every route of it gets (the template sets no route's own).
     *
     * @param stageName         the API's {@code StageName}
     * @param defaultAuthorizer {@code DefaultAuthorizer} as written: {@code AWS_IAM}, an authorizer's name, or a {@code !Ref}
     *                          of a parameter holding one of those
     * @param tokenAuthorizers  each Lambda TOKEN authorizer by name
     */
    public record ApiAuth(String stageName, Object defaultAuthorizer, Map<String, TokenAuthorizer> tokenAuthorizers) {}

    /** @param function the logical ID of the function its {@code FunctionArn} names; @param tokenHeader {@code Identity.Header} */
    public record TokenAuthorizer(String function, String tokenHeader) {}

    /**
     * @param expression the {@code Schedule} as written: {@code rate(15 minutes)}, or a {@code !Ref} to a parameter
     * @param input      the constant JSON the target gets instead of EventBridge's scheduled event, if any
     */
    public record ScheduleEvent(Object expression, Optional<String> input) {}

    /**
     * @param batchingWindow     {@code MaximumBatchingWindowInSeconds}; zero when the template sets none
     * @param maximumConcurrency {@code ScalingConfig.MaximumConcurrency}; empty when the template sets none
     */
    public record SqsEventSource(String queue, int batchSize, Duration batchingWindow, boolean reportBatchItemFailures,
                                 Optional<Integer> maximumConcurrency) {}

    private final Path file;
    private final Map<String, Object> template;
    /** Values given for parameters, as {@code sam deploy --parameter-overrides} gives them; the rest keep their defaults. */
    private final Map<String, String> given;

    private SamTemplate(Path file, Map<String, Object> template, Map<String, String> given) {
        this.file = file;
        this.template = template;
        this.given = given;
    }

    public static SamTemplate load(Path file) {
        return new SamTemplate(file, CloudFormationYaml.read(file), Map.of());
    }

    /**
     * This template with {@code values} for some of its parameters, checked as CloudFormation checks them when a
     * stack is created: a parameter the template does not declare, a value outside its {@code AllowedValues}, one the
     * whole of which its {@code AllowedPattern} does not match, or a {@code Number} that is none, is refused.
     */
    public SamTemplate withParameters(Map<String, String> values) {
        values.forEach((name, value) -> {
            if (!map(template, "Parameters").containsKey(name)) {
                throw new IllegalArgumentException(file + " has no parameter " + name + "; it has "
                        + String.join(", ", map(template, "Parameters").keySet()));
            }
            Map<String, Object> definition = map(template, "Parameters", name);
            if (definition.get("AllowedValues") instanceof List<?> allowed && allowed.stream().map(String::valueOf).noneMatch(value::equals)) {
                throw new IllegalArgumentException(name + " takes one of " + allowed + ", not '" + value + "'");
            }
            if (definition.get("AllowedPattern") instanceof String pattern && !Pattern.matches(pattern, value)) {
                throw new IllegalArgumentException(name + " must match " + pattern + ", and '" + value + "' does not");
            }
            if ("Number".equals(definition.get("Type")) && !value.strip().matches("-?\\d+(\\.\\d+)?")) {
                throw new IllegalArgumentException(name + " is a Number, not '" + value + "'");
            }
        });
        Map<String, String> merged = new LinkedHashMap<>(given);
        merged.putAll(values);
        return new SamTemplate(file, template, Map.copyOf(merged));
    }

    /** Every parameter's value: the one given, or its default; a parameter with neither maps to empty. */
    public Map<String, Optional<String>> parameters() {
        Map<String, Optional<String>> parameters = new LinkedHashMap<>();
        map(template, "Parameters").forEach((name, definition) -> parameters.put(name, Optional.ofNullable(given.get(name))
                .or(() -> Optional.ofNullable(map(template, "Parameters", name).get("Default")).map(String::valueOf))));
        return parameters;
    }

    /** The template's {@code Conditions}, as written; none: empty. */
    public Map<String, Object> conditions() {
        return optionalMap(template, "Conditions");
    }

    /** The secrets the template creates; each must be generated ({@code GenerateSecretString}), named and its type's only. */
    public List<GeneratedSecret> secrets() {
        List<GeneratedSecret> secrets = new ArrayList<>();
        definitions("AWS::SecretsManager::Secret").forEach((id, definition) -> {
            Map<String, Object> properties = optionalMap(definition, "Properties");
            if (!properties.containsKey("GenerateSecretString") || !properties.containsKey("Name")) {
                throw new IllegalArgumentException(file + ": " + id + " is a secret without a Name or a GenerateSecretString,"
                        + " which the local stack does not create");
            }
            secrets.add(new GeneratedSecret(id, Optional.ofNullable(definition.get("Condition")).map(String::valueOf), properties.get("Name"),
                    asMap(properties.get("GenerateSecretString"), id + " GenerateSecretString")));
        });
        return secrets;
    }

    public List<Queue> queues() {
        List<Queue> queues = new ArrayList<>();
        resources("AWS::SQS::Queue").forEach((id, properties) -> {
            Map<String, Object> redrive = optionalMap(properties, "RedrivePolicy");
            queues.add(new Queue(id, properties.getOrDefault("QueueName", id),
                    Duration.ofSeconds(integer(properties.getOrDefault("VisibilityTimeout", DEFAULT_VISIBILITY_TIMEOUT))),
                    redrive.isEmpty() ? Optional.empty() : Optional.of(new Redrive(
                            getAttResource(redrive.get("deadLetterTargetArn"), id + " RedrivePolicy.deadLetterTargetArn"),
                            integer(redrive.get("maxReceiveCount"))))));
        });
        return queues;
    }

    public List<Table> tables() {
        List<Table> tables = new ArrayList<>();
        resources("AWS::DynamoDB::Table").forEach((id, properties) -> {
            Map<String, String> types = new LinkedHashMap<>();
            maps(properties.get("AttributeDefinitions")).forEach(a -> types.put((String) a.get("AttributeName"), (String) a.get("AttributeType")));
            List<KeyElement> keys = maps(properties.get("KeySchema")).stream()
                    .map(k -> new KeyElement((String) k.get("AttributeName"), (String) k.get("KeyType"))).toList();
            Map<String, Object> ttl = optionalMap(properties, "TimeToLiveSpecification");
            tables.add(new Table(id, types, keys, Boolean.TRUE.equals(ttl.get("Enabled"))
                    ? Optional.of((String) ttl.get("AttributeName")) : Optional.empty()));
        });
        return tables;
    }

    public List<Function> functions() {
        Map<String, Object> globals = optionalMap(optionalMap(template, "Globals"), "Function");
        Map<String, Object> globalVariables = optionalMap(optionalMap(globals, "Environment"), "Variables");
        List<Function> functions = new ArrayList<>();
        resources("AWS::Serverless::Function").forEach((id, properties) -> {
            Map<String, Object> environment = new LinkedHashMap<>(globalVariables);
            environment.putAll(optionalMap(optionalMap(properties, "Environment"), "Variables"));
            List<ApiRoute> routes = new ArrayList<>();
            List<SqsEventSource> queueEvents = new ArrayList<>();
            List<ScheduleEvent> schedules = new ArrayList<>();
            optionalMap(properties, "Events").forEach((name, event) -> {
                Map<String, Object> eventMap = asMap(event, id + " event " + name);
                Map<String, Object> eventProperties = optionalMap(eventMap, "Properties");
                switch (String.valueOf(eventMap.get("Type"))) {
                    case "Api" -> routes.add(new ApiRoute((String) eventProperties.get("Path"),
                            String.valueOf(eventProperties.get("Method")).toUpperCase(),
                            Optional.ofNullable(eventProperties.get("RestApiId")).map(api -> ref(api, id + " event " + name + " RestApiId"))));
                    case "SQS" -> queueEvents.add(new SqsEventSource(
                            getAttResource(eventProperties.get("Queue"), id + " event " + name + " Queue"),
                            integerOrParameter(eventProperties.getOrDefault("BatchSize", DEFAULT_BATCH_SIZE), id + " event " + name + " BatchSize"),
                            Duration.ofSeconds(integer(eventProperties.getOrDefault("MaximumBatchingWindowInSeconds", 0))),
                            ((List<?>) eventProperties.getOrDefault("FunctionResponseTypes", List.of())).contains("ReportBatchItemFailures"),
                            Optional.ofNullable(optionalMap(eventProperties, "ScalingConfig").get("MaximumConcurrency"))
                                    .map(SamTemplate::integer)));
                    case "Schedule" -> schedules.add(new ScheduleEvent(eventProperties.get("Schedule"),
                            Optional.ofNullable(eventProperties.get("Input")).map(String::valueOf)));
                    default -> throw new IllegalArgumentException(file + ": " + id + " has an event of type " + eventMap.get("Type")
                            + ", which the local stack does not run");
                }
            });
            Object architectures = properties.getOrDefault("Architectures", globals.getOrDefault("Architectures", List.of("x86_64")));
            functions.add(new Function(id, (String) properties.get("Handler"), environment, routes, queueEvents, schedules,
                    integer(properties.getOrDefault("MemorySize", globals.getOrDefault("MemorySize", DEFAULT_MEMORY_MB))),
                    String.valueOf(((List<?>) architectures).getFirst())));
        });
        return functions;
    }

    /** The {@code Auth} of the API with this logical ID; empty when it has none (its routes are open). */
    public Optional<ApiAuth> apiAuth(String api) {
        Map<String, Object> properties = resources("AWS::Serverless::Api").get(api);
        if (properties == null) {
            throw new IllegalArgumentException(file + " has no AWS::Serverless::Api " + api);
        }
        Map<String, Object> auth = optionalMap(properties, "Auth");
        if (auth.get("DefaultAuthorizer") == null) {
            return Optional.empty();
        }
        Map<String, TokenAuthorizer> tokenAuthorizers = new LinkedHashMap<>();
        optionalMap(auth, "Authorizers").forEach((name, authorizer) -> {
            Map<String, Object> definition = asMap(authorizer, api + " authorizer " + name);
            tokenAuthorizers.put(name, new TokenAuthorizer(getAttResource(definition.get("FunctionArn"), api + " authorizer " + name),
                    String.valueOf(optionalMap(definition, "Identity").getOrDefault("Header", "Authorization"))));
        });
        return Optional.of(new ApiAuth(String.valueOf(properties.get("StageName")), auth.get("DefaultAuthorizer"), tokenAuthorizers));
    }

    /** The properties of every resource of this type, by logical ID, in template order. */
    private Map<String, Map<String, Object>> resources(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        definitions(type).forEach((id, definition) -> found.put(id, optionalMap(definition, "Properties")));
        return found;
    }

    /** Every resource of this type as declared (its Type, Condition, Properties, ...), by logical ID, in template order. */
    private Map<String, Map<String, Object>> definitions(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        map(template, "Resources").forEach((id, resource) -> {
            Map<String, Object> definition = asMap(resource, "resource " + id);
            if (type.equals(definition.get("Type"))) {
                found.put(id, definition);
            }
        });
        return found;
    }

    /** The resource a {@code !GetAtt Resource.Attribute} names. */
    private String getAttResource(Object value, String where) {
        if (value instanceof Map<?, ?> map && map.get("Fn::GetAtt") instanceof List<?> target && !target.isEmpty()) {
            return String.valueOf(target.getFirst());
        }
        throw new IllegalArgumentException(file + ": " + where + " is not a !GetAtt of a resource in the template: " + value);
    }

    /** The resource a {@code !Ref Resource} names. */
    private String ref(Object value, String where) {
        if (value instanceof Map<?, ?> map && map.get("Ref") instanceof String resource) {
            return resource;
        }
        throw new IllegalArgumentException(file + ": " + where + " is not a !Ref of a resource in the template: " + value);
    }

    private Map<String, Object> map(Map<String, Object> parent, String... path) {
        Map<String, Object> current = parent;
        for (String key : path) {
            if (!current.containsKey(key)) {
                throw new IllegalArgumentException(file + " has no " + String.join(".", path));
            }
            current = asMap(current.get(key), String.join(".", path));
        }
        return current;
    }

    private static Map<String, Object> optionalMap(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? Map.of() : asMap(value, key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException(what + " is not a mapping: " + value);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    /** A number, or a {@code !Ref} to a parameter: its value, the one given or else its default. */
    private int integerOrParameter(Object value, String where) {
        if (value instanceof Map<?, ?> ref && ref.get("Ref") instanceof String parameter) {
            return integer(parameters().getOrDefault(parameter, Optional.empty()).orElseThrow(() -> new IllegalArgumentException(
                    file + ": " + where + " refers to " + parameter + ", which is not a parameter with a value")));
        }
        return integer(value);
    }

    private static int integer(Object value) {
        return value instanceof Number number ? number.intValue() : Integer.parseInt(String.valueOf(value).strip());
    }
}
