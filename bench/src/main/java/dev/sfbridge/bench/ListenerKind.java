package dev.sfbridge.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.sfbridge.contract.SoapResponses;
import dev.sfbridge.local.ApiGatewayServer;
import dev.sfbridge.local.ListenerServer;
import dev.sfbridge.testing.TestIds;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The three listeners `./dev bench listeners` compares, each served over local HTTP on an SQS it is given. The two
 * Lambda functions run as Lambda runs them: alone in their process ({@link LambdaInvokeServer}), the local API
 * Gateway in another ({@link #gateway}); CXF is a server of its own.
 */
enum ListenerKind {
    /** sfbridge's listener with packs of ten ({@link #PACK}, the opt-in NOTIFICATIONS_PER_MESSAGE), its other settings the defaults. */
    SFBRIDGE("sfbridge, packs of 10", SoapResponses.ACK::equals),
    /** {@link NaiveListener}: DOM and one SendMessage per notification, a function behind the same local API Gateway. */
    NAIVE("naive: DOM, SendMessage", SoapResponses.ACK::equals),
    /** {@link CxfListener}: the WSDL's JAX-WS port on Apache CXF, its own HTTP transport. */
    CXF("JAX-WS on CXF", Pattern.compile("<(\\w+:)?Ack>true</(\\w+:)?Ack>").asPredicate());

    /** Something that serves until closed. */
    interface Served extends AutoCloseable {
        URI endpoint();

        @Override
        void close();
    }

    final String label;
    /** What its acknowledgement looks like: CXF writes its own envelope around the same Ack. */
    final Predicate<String> isAck;

    ListenerKind(String label, Predicate<String> isAck) {
        this.label = label;
        this.isAck = isAck;
    }

    /** The notifications in each queue message of sfbridge's listener here: packs of ten (docs/listener.md, "Packs"). */
    static final int PACK = 10;

    /** The notifications in each message it queues: sfbridge's packs, one each for the others. */
    int notificationsPerMessage() {
        return this == SFBRIDGE ? PACK : 1;
    }

    /** A Lambda function behind API Gateway, rather than a server that reads its own HTTP. */
    boolean isFunction() {
        return this != CXF;
    }

    /** What its own process serves: the function at its invocations URL, or CXF at the listener's path. */
    Served serveAlone(SqsClient sqs, String queueUrl) throws IOException {
        return switch (this) {
            case SFBRIDGE -> function(ListenerServer.handler(queueUrl, TestIds.ORG, sqs, ListenerLoadHarness.UNPRINTED_LOG, PACK));
            case NAIVE -> function(new NaiveListener(sqs, queueUrl));
            case CXF -> {
                CxfListener.Server server = new CxfListener.Server(sqs, queueUrl);
                yield served(server.endpoint(), server);
            }
        };
    }

    /** Everything in this JVM (the tests): a function behind its gateway, each served as their own processes serve them. */
    Served serve(SqsClient sqs, String queueUrl) throws IOException {
        Served alone = serveAlone(sqs, queueUrl);
        if (!isFunction()) {
            return alone;
        }
        Served gateway = gateway(alone.endpoint());
        return served(gateway.endpoint(), () -> {
            gateway.close();
            alone.close();
        });
    }

    /** The local API Gateway at the listener's path, invoking the function served at {@code invocations}. */
    static Served gateway(URI invocations) throws IOException {
        RemoteFunction function = new RemoteFunction(invocations);
        ApiGatewayServer api = new ApiGatewayServer(0, Map.of(ListenerServer.PATH, function));
        return served(api.baseUri().resolve(ListenerServer.PATH), () -> {
            api.close();
            function.close();
        });
    }

    private static Served function(RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler)
            throws IOException {
        LambdaInvokeServer server = new LambdaInvokeServer(handler);
        return served(server.invocations(), server);
    }

    private static Served served(URI endpoint, AutoCloseable server) {
        return new Served() {
            @Override
            public URI endpoint() {
                return endpoint;
            }

            @Override
            public void close() {
                try {
                    server.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }
}
