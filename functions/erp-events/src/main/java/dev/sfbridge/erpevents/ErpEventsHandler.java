package dev.sfbridge.erpevents;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.sfbridge.apigateway.ProxyEvents;
import dev.sfbridge.apigateway.ProxyRequest;
import dev.sfbridge.aws.AwsClients;
import dev.sfbridge.config.Env;
import dev.sfbridge.observability.EmfMetrics;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.observability.Metrics;
import dev.sfbridge.queue.BatchEnqueuer;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Lambda entry point behind API Gateway's REST API route {@code POST /erp/order-events} (proxy integration). */
public final class ErpEventsHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    /** The {@code Function} dimension of its metrics. */
    public static final String FUNCTION = "erp-events";

    private final ErpEventReceiver receiver;

    public ErpEventsHandler() {
        this(ErpEventsConfig.from(Env.system()), AwsClients.sqs(), AwsClients.secretsManager(), JsonLog.stdout(),
                EmfMetrics.stdout(FUNCTION), Clock.systemUTC());
    }

    /** @param clock what signature timestamps and the request's deadline are checked against */
    public ErpEventsHandler(ErpEventsConfig config, SqsClient sqs, SecretsManagerClient secretsManager, JsonLog log,
                            Metrics metrics, Clock clock) {
        this(new ErpEventReceiver(
                new SignatureVerifier(new SigningSecret(secretsManager, config.secretId(), config.secretTtl(), clock), config.tolerance(), clock),
                new OrderEventReader(config.organizationId(), config.objectType(), clock),
                BatchEnqueuer.withBackoff(sqs, config.enqueueAttempts(), BatchEnqueuer.SQS_MAX_PAYLOAD_BYTES, clock), config.callbacksQueueUrl(), config.maxBodyBytes(), log, metrics, clock));
    }

    public ErpEventsHandler(ErpEventReceiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        ErpEventResponse response = receiver.handle(new ErpEventRequest(ProxyRequest.of(event, context),
                ProxyEvents.header(event, SignatureVerifier.HEADER),
                context == null ? null : Duration.ofMillis(context.getRemainingTimeInMillis())));
        return new APIGatewayProxyResponseEvent().withStatusCode(response.status()).withHeaders(response.headers()).withBody(response.body());
    }
}
