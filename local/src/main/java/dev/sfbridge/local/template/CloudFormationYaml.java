package dev.sfbridge.local.template;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a CloudFormation/SAM template written in YAML. Plain YAML parsers refuse the short forms of the
 * intrinsic functions ({@code !Ref}, {@code !GetAtt}, {@code !Sub}, {@code !If}, ...); here each one
 * becomes the long form CloudFormation defines for it ({@code {"Ref": ...}}, {@code {"Fn::GetAtt": [...]}},
 * ...), so the rest of the code sees one shape whichever form the template uses.
 */
final class CloudFormationYaml {
    private CloudFormationYaml() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object document = new Yaml(new ShortFormConstructor()).load(reader);
            if (!(document instanceof Map)) {
                throw new IllegalArgumentException(file + " is not a template: its top level is not a mapping");
            }
            return (Map<String, Object>) document;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static final class ShortFormConstructor extends SafeConstructor {
        ShortFormConstructor() {
            super(new LoaderOptions());
            // every local tag (!Name) is an intrinsic function's short form
            yamlMultiConstructors.put("!", new LongForm());
        }

        private final class LongForm extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                String name = node.getTag().getValue().substring(1);
                Object argument = switch (node) {
                    // !GetAtt Resource.Attribute is the one short form whose scalar stands for a list
                    case ScalarNode scalar when name.equals("GetAtt") ->
                            Arrays.asList(constructScalar(scalar).split("\\.", 2));
                    case ScalarNode scalar -> constructScalar(scalar);
                    case SequenceNode sequence -> constructSequence(sequence);
                    case MappingNode mapping -> constructMapping(mapping);
                    default -> throw new IllegalArgumentException("unexpected YAML node " + node);
                };
                return Map.of(name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name, argument);
            }
        }
    }
}
