package dev.sfbridge.localstack;

import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local as LocalStack starts it ({@code java ... -jar DynamoDBLocal.jar -port N ...}), but listening on
 * 127.0.0.1 only: its own {@code ServerRunner} binds every interface and has no flag for the host. No telemetry
 * either: {@code ServerRunner.main} is what turns it on.
 */
public final class LoopbackDynamoDbLocal {
    private LoopbackDynamoDbLocal() {}

    public static void main(String[] args) throws Exception {
        DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
        // DynamoDBProxyServer keeps its Jetty server to itself; its one connector is made without a host
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        for (Connector connector : ((Server) field.get(proxy)).getConnectors()) {
            ((ServerConnector) connector).setHost("127.0.0.1");
        }
        proxy.start();
        proxy.join();
    }
}
