package dev.sfbridge.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.aws.AwsClients;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deployed layer carries no emulator, simulator, testkit, local-stack, benchmark or operator code. It lists
 * the layer as this build hands it to its users: the jar once {@code layers} is packaged ({@code ./dev test},
 * {@code sam build}), its classes directory when only compiled; the two hold the same entries.
 */
class LayerContentsTest {
    /** Path prefixes, and parts of class names, that only the testkit, local/, bench/ or ops/ may hold. */
    static final List<String> FORBIDDEN_PREFIXES = List.of("dev/sfbridge/testing/", "dev/sfbridge/local/", "dev/sfbridge/bench/",
            "dev/sfbridge/ops/", "org/elasticmq/", "software/amazon/dynamodb/", "com/amazonaws/services/dynamodbv2/local/",
            "com/github/tomakehurst/wiremock/", "org/openjdk/jmh/");
    static final List<String> FORBIDDEN_NAMES = List.of("Embedded", "Simulator", "Emulator", "FaultInjecting", "Throttling", "TestClock");

    @Test
    void theLayerHoldsNoEmulatorSimulatorTestkitOrOpsClass() throws IOException, URISyntaxException {
        List<String> entries = layerEntries();

        assertTrue(entries.contains("dev/sfbridge/aws/AwsClients.class"), "the layer was not found where its classes are: " + entries);
        assertEquals(List.of(), forbidden(entries));
    }

    @Test
    void theLayersClientFactoryBuildsNoEmulatorClient() {
        // an emulator's client is built for an explicit endpoint: the testkit's EmulatorClients, ops' AwsAccess
        List<Method> takingAnEndpoint = Arrays.stream(AwsClients.class.getDeclaredMethods())
                .filter(m -> Arrays.asList(m.getParameterTypes()).contains(URI.class)).toList();

        assertEquals(List.of(), takingAnEndpoint);
    }

    @Test
    void theCheckFindsWhatTheOldLayoutShipped() {
        // the layer's test-jar and local/ held these before the testkit: the check must name each
        List<String> oldLayout = List.of("dev/sfbridge/aws/AwsClients.class", "dev/sfbridge/testing/EmbeddedSqs.class",
                "dev/sfbridge/erp/ErpSimulatorHelper.class", "org/elasticmq/rest/sqs/SQSRestServer.class",
                "dev/sfbridge/ops/OpsMain.class", "dev/sfbridge/local/bench/HarnessMain.class", "dev/sfbridge/aws/EmulatorClients.class");

        assertEquals(oldLayout.subList(1, oldLayout.size()), forbidden(oldLayout));
    }

    static List<String> forbidden(List<String> entries) {
        return entries.stream()
                .filter(entry -> FORBIDDEN_PREFIXES.stream().anyMatch(entry::startsWith)
                        || FORBIDDEN_NAMES.stream().anyMatch(name -> entry.endsWith(".class") && simpleName(entry).contains(name)))
                .toList();
    }

    private static String simpleName(String entry) {
        return entry.substring(entry.lastIndexOf('/') + 1);
    }

    /** Every file in the layer's jar, or under its classes directory, as a jar entry's name. */
    private static List<String> layerEntries() throws IOException, URISyntaxException {
        Path layer = Path.of(AwsClients.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isRegularFile(layer)) {
            try (JarFile jar = new JarFile(layer.toFile())) {
                return Collections.list(jar.entries()).stream().filter(e -> !e.isDirectory()).map(e -> e.getName()).toList();
            }
        }
        try (Stream<Path> files = Files.walk(layer)) {
            return files.filter(Files::isRegularFile).map(file -> layer.relativize(file).toString().replace('\\', '/')).toList();
        }
    }
}
