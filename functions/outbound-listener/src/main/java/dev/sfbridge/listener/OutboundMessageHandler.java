package dev.sfbridge.listener;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.sfbridge.apigateway.ProxyRequest;
import dev.sfbridge.aws.AwsClients;
import dev.sfbridge.config.Env;
import dev.sfbridge.contract.HardenedXmlInput;
import dev.sfbridge.contract.OutboundMessageParser;
import dev.sfbridge.observability.EmfMetrics;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.observability.Metrics;
import dev.sfbridge.queue.BatchEnqueuer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Lambda entry point behind API Gateway's REST API (proxy integration): maps the event, nothing more. */
public final class OutboundMessageHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    /** The {@code Function} dimension of its metrics. */
    public static final String FUNCTION = "outbound-listener";

    private final OutboundMessageListener listener;

    public OutboundMessageHandler() {
        this(Env.system());
    }

    private OutboundMessageHandler(Env env) {
        this(ListenerConfig.from(env), SenderVerification.from(env), AwsClients.sqs(), AwsClients::secretsManager,
                JsonLog.stdout(), EmfMetrics.stdout(FUNCTION));
    }

    /**
     * Logs how senders are verified, a warning when they are not: once per start.
     *
     * @param secretsManager asked for only when the sender verification reads a secret
     * @param log            where the request's log line goes, and metrics where its counts go: the benchmarks keep both off their report
     */
    public OutboundMessageHandler(ListenerConfig config, SenderVerification sender, SqsClient sqs,
                                  Supplier<SecretsManagerClient> secretsManager, JsonLog log, Metrics metrics) {
        this(new OutboundMessageListener(config,
                new OutboundMessageParser(new HardenedXmlInput(config.maxElementDepth())),
                BatchEnqueuer.withBackoff(sqs, config.enqueueAttempts(), config.largestEntryBytes()),
                sender.check(secretsManager, Clock.systemUTC(), log, metrics), log, metrics, Clock.systemUTC()));
        sender.logStart(log);
    }

    public OutboundMessageHandler(OutboundMessageListener listener) {
        this.listener = listener;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        Map<String, String> query = event.getQueryStringParameters();
        ListenerResponse response = listener.handle(new ListenerRequest(ProxyRequest.of(event, context),
                query == null ? null : query.get(EndpointKeyCheck.PARAMETER),
                context == null ? null : Duration.ofMillis(context.getRemainingTimeInMillis())));
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.body());
    }
}
