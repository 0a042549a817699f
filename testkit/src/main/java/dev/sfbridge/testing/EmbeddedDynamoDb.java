package dev.sfbridge.testing;

import java.io.File;
import java.net.URI;
import java.util.Arrays;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local in this JVM, in memory, on a free loopback port: the real DynamoDB wire protocol, no
 * Docker. Start it once per test JVM ({@link #shared()}); each test makes its own tables.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {
    private static final OnePerJvm<EmbeddedDynamoDb> SHARED = new OnePerJvm<>(EmbeddedDynamoDb::new, EmbeddedDynamoDb::close);

    private final LoopbackDynamoDbLocal server;
    private final URI endpoint;
    private final DynamoDbClient client;

    public EmbeddedDynamoDb() {
        this(0);
    }

    /** @param port 0 picks a free one */
    public EmbeddedDynamoDb(int port) {
        pointSqliteAtItsNativeLibrary();
        try {
            // no telemetry: nothing here may reach beyond loopback
            server = new LoopbackDynamoDbLocal(port, "-inMemory", "-disableTelemetry");
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on 127.0.0.1:" + port, e);
        }
        endpoint = URI.create("http://127.0.0.1:" + server.port());
        client = EmulatorClients.dynamoDb(endpoint);
    }

    public static EmbeddedDynamoDb shared() {
        return SHARED.get();
    }

    public URI endpoint() {
        return endpoint;
    }

    public DynamoDbClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop", e);
        }
    }

    /**
     * DynamoDB Local stores tables with sqlite4java, whose native library Maven puts on the class path
     * as a file named the way sqlite4java looks for it: its folder is the library path.
     */
    private static void pointSqliteAtItsNativeLibrary() {
        if (System.getProperty("sqlite4java.library.path") != null) {
            return;
        }
        String arch = System.getProperty("os.arch").contains("aarch64") ? "linux-aarch64" : "linux-amd64";
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> new File(entry).getName().startsWith("libsqlite4java-" + arch))
                .findFirst()
                .ifPresent(entry -> System.setProperty("sqlite4java.library.path", new File(entry).getParent()));
    }
}
