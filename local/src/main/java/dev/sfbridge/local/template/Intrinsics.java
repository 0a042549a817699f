package dev.sfbridge.local.template;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the intrinsic functions a template's values use ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub},
 * {@code Fn::If} on the template's conditions) against what exists
 * locally: parameter values, pseudo parameters and the physical IDs and attributes of the resources the local stack
 * created. A reference to anything it was not given is an error naming it.
 */
public final class Intrinsics {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Map<String, String> refs = new HashMap<>();
    private final Map<String, String> attributes = new HashMap<>();
    /** The template's {@code Conditions}, as written: evaluated when asked for, on the parameters' values by then. */
    private Map<String, Object> conditions = Map.of();

    /** @param stackName what {@code AWS::StackName} resolves to: the prefix of every queue's name */
    public Intrinsics(String stackName, String region, String accountId) {
        refs.put("AWS::StackName", stackName);
        refs.put("AWS::Region", region);
        refs.put("AWS::AccountId", accountId);
        refs.put("AWS::Partition", "aws");
        refs.put("AWS::URLSuffix", "amazonaws.com");
    }

    /** What {@code !Ref name} resolves to: a parameter's value, or a resource's physical ID. */
    public Intrinsics ref(String name, String value) {
        refs.put(name, value);
        return this;
    }

    /** What {@code !GetAtt resource.attribute} resolves to. */
    public Intrinsics attribute(String resource, String attribute, String value) {
        attributes.put(resource + "." + attribute, value);
        return this;
    }

    /** The template's {@code Conditions} section, which {@code Fn::If} and {@link #condition} evaluate. */
    public Intrinsics conditions(Map<String, Object> definitions) {
        conditions = Map.copyOf(definitions);
        return this;
    }

    /** Whether the template's condition of this name holds, as CloudFormation evaluates it with these parameters. */
    public boolean condition(String name) {
        Object definition = conditions.get(name);
        if (definition == null) {
            throw new IllegalArgumentException("the template uses the condition " + name + ", which its Conditions do not declare");
        }
        return truth(definition);
    }

    public String resolve(Object value) {
        return switch (value) {
            case String text -> text;
            case Number number -> number.toString();
            case Boolean bool -> bool.toString();
            case Map<?, ?> function when function.size() == 1 -> apply(function.keySet().iterator().next().toString(),
                    function.values().iterator().next());
            case null, default -> throw new IllegalArgumentException("cannot resolve the template value " + value);
        };
    }

    private String apply(String function, Object argument) {
        return switch (function) {
            case "Ref" -> lookup(refs, String.valueOf(argument), "!Ref ");
            case "Fn::GetAtt" -> lookup(attributes, String.join(".", ((List<?>) argument).stream().map(String::valueOf).toList()),
                    "!GetAtt ");
            case "Fn::Sub" -> substitute(argument);
            case "Fn::If" -> {
                List<?> branches = (List<?>) argument;
                yield resolve(condition(String.valueOf(branches.get(0))) ? branches.get(1) : branches.get(2));
            }
            default -> throw new IllegalArgumentException("the local stack does not evaluate " + function + " here: " + argument);
        };
    }

    private boolean truth(Object definition) {
        if (!(definition instanceof Map<?, ?> function) || function.size() != 1) {
            throw new IllegalArgumentException("cannot evaluate the condition " + definition);
        }
        String name = function.keySet().iterator().next().toString();
        Object argument = function.values().iterator().next();
        return switch (name) {
            case "Condition" -> condition(String.valueOf(argument));
            case "Fn::Equals" -> resolve(((List<?>) argument).get(0)).equals(resolve(((List<?>) argument).get(1)));
            case "Fn::Not" -> !truth(((List<?>) argument).getFirst());
            case "Fn::And" -> ((List<?>) argument).stream().allMatch(this::truth);
            case "Fn::Or" -> ((List<?>) argument).stream().anyMatch(this::truth);
            default -> throw new IllegalArgumentException("the local stack does not evaluate " + name + " in a condition");
        };
    }

    private String substitute(Object argument) {
        if (!(argument instanceof String text)) {
            throw new IllegalArgumentException("the local stack evaluates !Sub of a string only, not " + argument);
        }
        Matcher variable = SUB_VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (variable.find()) {
            String name = variable.group(1);
            String value = name.contains(".") && !name.startsWith("AWS::")
                    ? lookup(attributes, name, "${") : lookup(refs, name, "${");
            variable.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        return variable.appendTail(result).toString();
    }

    private static String lookup(Map<String, String> values, String name, String form) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the template uses " + form + name + ", which the local stack does not provide");
        }
        return value;
    }
}
