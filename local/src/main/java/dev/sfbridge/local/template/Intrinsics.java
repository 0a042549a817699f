package dev.sfbridge.local.template;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the intrinsic functions a template's values use ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub})
 * against what exists locally: parameter values, pseudo parameters and the physical IDs and attributes of
 * the resources the local stack created. A reference to anything it was not given is an error naming it.
 */
public final class Intrinsics {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Map<String, String> refs = new HashMap<>();
    private final Map<String, String> attributes = new HashMap<>();

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
            default -> throw new IllegalArgumentException("the local stack does not evaluate " + function + " here: " + argument);
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
