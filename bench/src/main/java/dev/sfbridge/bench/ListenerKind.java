package dev.sfbridge.bench;

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

/** The three listeners `./dev bench listeners` compares, each served over local HTTP on an SQS it is given. */
enum ListenerKind {
    /** sfbridge's listener with its default settings, behind the local API Gateway, as `./dev up` serves it. */
    SFBRIDGE("sfbridge", SoapResponses.ACK::equals),
    /** {@link NaiveListener}: DOM and one SendMessage per notification, behind the same local API Gateway. */
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

    Served serve(SqsClient sqs, String queueUrl) throws IOException {
        return switch (this) {
            case SFBRIDGE -> {
                ListenerServer server = new ListenerServer(0, queueUrl, TestIds.ORG, sqs, ListenerLoadHarness.UNPRINTED_LOG);
                yield served(server.endpoint(), server);
            }
            case NAIVE -> {
                ApiGatewayServer server = new ApiGatewayServer(0, Map.of(ListenerServer.PATH, new NaiveListener(sqs, queueUrl)));
                yield served(server.baseUri().resolve(ListenerServer.PATH), server);
            }
            case CXF -> {
                CxfListener.Server server = new CxfListener.Server(sqs, queueUrl);
                yield served(server.endpoint(), server);
            }
        };
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
