package dev.sfbridge.testing;

import java.lang.reflect.Field;
import java.util.Arrays;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local listening on 127.0.0.1 only: its own {@code ServerRunner} binds every interface and has no flag for
 * the host, so its Jetty connector is given one before it starts. {@link EmbeddedDynamoDb} runs it in a test's or
 * {@code ./dev up}'s JVM; {@code localstack/dynamodb-local} compiles this same file into the launcher LocalStack
 * starts ({@link #main}), which is why it uses nothing else of the testkit.
 */
public final class LoopbackDynamoDbLocal {
    private final DynamoDBProxyServer proxy;
    private final ServerConnector connector;

    /**
     * @param port  0 picks a free one as the socket is bound ({@link #port()} says which): DynamoDB Local's own flag
     *              refuses 0, so the connector is given the port, not {@code -port}
     * @param flags DynamoDB Local's command-line flags, without {@code -port}
     */
    public LoopbackDynamoDbLocal(int port, String... flags) throws Exception {
        this(withPort(flags, port));
        connector.setPort(port);
    }

    /** @param commandLine DynamoDB Local's flags as LocalStack gives them ({@code -port N} among them) */
    private LoopbackDynamoDbLocal(String[] commandLine) throws Exception {
        proxy = ServerRunner.createServerFromCommandLineArgs(commandLine);
        // DynamoDBProxyServer keeps its Jetty server to itself; its one connector is made without a host
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Connector[] connectors = ((Server) field.get(proxy)).getConnectors();
        if (connectors.length != 1) {
            throw new IllegalStateException("DynamoDB Local has " + connectors.length + " connectors, not the one it is known to make");
        }
        connector = (ServerConnector) connectors[0];
        connector.setHost("127.0.0.1");
    }

    /** DynamoDB Local as LocalStack starts it ({@code java ... -jar DynamoDBLocal.jar -port N ...}), on 127.0.0.1. */
    public static void main(String[] args) throws Exception {
        LoopbackDynamoDbLocal server = new LoopbackDynamoDbLocal(args);
        server.start();
        server.proxy.join();
    }

    public void start() throws Exception {
        proxy.start();
    }

    /** The port it listens on, once started. */
    public int port() {
        return connector.getLocalPort();
    }

    public void stop() throws Exception {
        proxy.stop();
    }

    /**
     * The flags with a {@code -port} ServerRunner accepts (the one it prints): the port asked for, or for 0 its
     * default, 8000, never bound, as the connector's port replaces it before the start.
     */
    private static String[] withPort(String[] flags, int port) {
        String[] commandLine = Arrays.copyOf(flags, flags.length + 2);
        commandLine[flags.length] = "-port";
        commandLine[flags.length + 1] = Integer.toString(port == 0 ? 8000 : port);
        return commandLine;
    }
}
