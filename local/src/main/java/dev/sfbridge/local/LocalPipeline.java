package dev.sfbridge.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sfbridge.callback.CallbackConfig;
import dev.sfbridge.callback.CallbackHandler;
import dev.sfbridge.callback.FieldMapping;
import dev.sfbridge.config.Env;
import dev.sfbridge.erp.ErpSecret;
import dev.sfbridge.local.template.Intrinsics;
import dev.sfbridge.local.template.SamTemplate;
import dev.sfbridge.model.QueueJson;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.testing.EmbeddedDynamoDb;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.SqsEventSourceMapping;
import dev.sfbridge.testing.StaticSecretsManager;
import dev.sfbridge.testing.TestIds;
import dev.sfbridge.testing.TestKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole pipeline on one machine, in one JVM, with nothing to install, built from template.yaml:
 * DynamoDB Local and ElasticMQ in-process with the template's queues and table; its functions with Lambda's
 * event shapes, the API routes behind local HTTP and the SQS event sources polled as Lambda polls them; the
 * simulated Salesforce org and ERP the functions talk to. {@link #runScenario} plays the Closed Won scenario
 * through it and reconciles the org with the ERP.
 */
public final class LocalPipeline implements AutoCloseable {
    /** What {@code AWS::StackName} is locally: the prefix of the queue and table names. */
    static final String STACK_NAME = "sfbridge-local";
    static final String CONSUMER_KEY = "3MVG9sfbridgeLocalStack";
    static final String USERNAME = "integration@sfbridge.local";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    private static final Duration SETTLE_CHECK_EVERY = Duration.ofMillis(100);

    private final LocalOptions options;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private final EmbeddedSqs sqs;
    private final EmbeddedDynamoDb dynamoDb;
    private final SalesforceSimulator salesforce;
    private final ErpSimulator erp;
    private final Path logFile;
    private final TemplateResources resources;
    private final List<TemplateResources.LocalQueue> eventSourceQueues = new ArrayList<>();
    private final FieldMapping callbackFields;
    private final ApiGatewayServer api;
    private final ClosedWonScenario scenario;
    private final OutboundMessaging outboundMessaging;
    /** The key the ERP signs its status events with, in the local Secrets Manager. */
    private final String erpEventsSigningSecret = randomHex(32);
    /** The opportunities whose callbacks the progress line counts: the scenario's, then the sample message's too. */
    private final List<String> watched = new CopyOnWriteArrayList<>();
    private final List<String> sampleOpportunities = new ArrayList<>();

    public LocalPipeline(LocalOptions options) throws IOException {
        this.options = options;
        try {
            SamTemplate template = SamTemplate.load(options.template());
            sqs = open(new EmbeddedSqs(options.sqsPort()));
            dynamoDb = open(new EmbeddedDynamoDb(options.dynamoDbPort()));
            salesforce = open(new SalesforceSimulator());
            salesforce.trustJwtBearer(CONSUMER_KEY, USERNAME, TestKeys.publicKey(TestKeys.connectedApp()));
            erp = open(ErpSimulator.withApiKey(randomHex(16)));
            logFile = options.logFile() != null ? options.logFile() : Files.createTempFile("sfbridge-local-", ".log");
            PrintStream logStream = open(new PrintStream(Files.newOutputStream(logFile), true, StandardCharsets.UTF_8));
            JsonLog log = new JsonLog(logStream::println, Clock.systemUTC());

            Intrinsics intrinsics = new Intrinsics(STACK_NAME, "us-east-1", "000000000000");
            template.parameters().forEach((name, value) -> value.ifPresent(v -> intrinsics.ref(name, v)));
            StaticSecretsManager secrets = new StaticSecretsManager();
            localParameters(secrets).forEach(intrinsics::ref);
            resources = new TemplateResources(template, intrinsics, sqs.client(), dynamoDb.client());

            LocalFunctions functions = new LocalFunctions(intrinsics, sqs.client(), dynamoDb.client(), secrets, log);
            Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> routes = new LinkedHashMap<>();
            FieldMapping fields = null;
            for (SamTemplate.Function function : template.functions()) {
                RequestHandler<?, ?> handler = functions.handler(function);
                if (function.handlerClass().equals(CallbackHandler.class.getName())) {
                    fields = CallbackConfig.from(new Env(functions.environment(function))).fields();
                }
                function.routes().forEach(route -> routes.put(route.path(), apiHandler(handler)));
                function.queueEvents().forEach(source -> poll(function, source, sqsHandler(handler)));
            }
            if (fields == null) {
                throw new IllegalArgumentException(options.template() + " has no function running " + CallbackHandler.class.getName()
                        + ": nothing would write the orders back, and the reconciliation could not know the fields");
            }
            callbackFields = fields;
            api = open(new ApiGatewayServer(options.port(), routes));
            scenario = new ClosedWonScenario(options.opportunities(), options.liveSessionOpportunities(), options.erpOutages(),
                    salesforce, erp);
            outboundMessaging = open(new OutboundMessaging(outboundMessagesEndpoint(), options.timeScale()));
            watched.addAll(scenario.opportunityIds());
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The values of the template's parameters here: the simulated peers' addresses and the secrets' IDs, whose
     * values go into the local Secrets Manager.
     */
    private Map<String, String> localParameters(StaticSecretsManager secrets) {
        String erpSecret = "arn:aws:secretsmanager:us-east-1:000000000000:secret:sfbridge/erp";
        String salesforceSecret = "arn:aws:secretsmanager:us-east-1:000000000000:secret:sfbridge/salesforce";
        String erpEventsSecret = "arn:aws:secretsmanager:us-east-1:000000000000:secret:sfbridge/erp-events";
        secrets.put(erpSecret, QueueJson.write(Map.of("type", "api-key",
                "apiKey", ((ErpSecret.ApiKey) erp.secret()).apiKey())));
        secrets.put(salesforceSecret, QueueJson.write(Map.of("consumerKey", CONSUMER_KEY, "username", USERNAME,
                "privateKey", TestKeys.pkcs8Pem(TestKeys.connectedApp().getPrivate()))));
        secrets.put(erpEventsSecret, erpEventsSigningSecret);
        return Map.of(
                "AllowedOrgIds", options.organizationIds(),
                "SalesforceInstanceDomains", salesforce.instanceUrl().toString(),
                "ErpBaseUrl", erp.baseUri().toString(),
                "ErpSecretArn", erpSecret,
                "SalesforceOrgId", salesforce.organizationId(),
                "SalesforceSecretArn", salesforceSecret,
                "SalesforceLoginUrl", salesforce.loginUrl().toString(),
                "ErpEventsSecretArn", erpEventsSecret);
    }

    private void poll(SamTemplate.Function function, SamTemplate.SqsEventSource source,
                      RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        TemplateResources.LocalQueue queue = resources.queue(source.queue());
        eventSourceQueues.add(queue);
        int concurrency = Math.min(options.maxConcurrency(), source.maximumConcurrency().orElse(Integer.MAX_VALUE));
        // the batching window is not compressed: it is what makes a callback batch one sObject Collections call
        SqsEventSourceMapping.Settings settings = new SqsEventSourceMapping.Settings(source.batchSize(), source.batchingWindow(),
                source.reportBatchItemFailures(), options.timeScale().compressToSeconds(queue.definition().visibilityTimeout()));
        open(new SqsPoller(function.logicalId(), new SqsEventSourceMapping(sqs.client(), queue.url(), settings,
                event -> handler.handleRequest(event, null)), concurrency, System.err));
    }

    /** The template says which events a function gets; its handler is built for them. */
    @SuppressWarnings("unchecked")
    private static RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> apiHandler(RequestHandler<?, ?> handler) {
        return (RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>) handler;
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<SQSEvent, SQSBatchResponse> sqsHandler(RequestHandler<?, ?> handler) {
        return (RequestHandler<SQSEvent, SQSBatchResponse>) handler;
    }

    private <T extends AutoCloseable> T open(T resource) {
        opened.push(resource);
        return resource;
    }

    public URI outboundMessagesEndpoint() {
        return api.baseUri().resolve("/outbound-messages");
    }

    public URI erpOrderEventsEndpoint() {
        return api.baseUri().resolve("/erp/order-events");
    }

    EmbeddedSqs sqs() {
        return sqs;
    }

    SalesforceSimulator salesforce() {
        return salesforce;
    }

    ErpSimulator erp() {
        return erp;
    }

    OutboundMessaging outboundMessaging() {
        return outboundMessaging;
    }

    /** The scenario's outbound messages: their bodies and sessions are what a log must never show. */
    List<OutboundMessages> scenarioMessages() {
        return scenario.messages();
    }

    String erpEventsSigningSecret() {
        return erpEventsSigningSecret;
    }

    /** A queue of the template by logical ID, as created here. */
    TemplateResources.LocalQueue queue(String logicalId) {
        return resources.queue(logicalId);
    }

    /**
     * Plays the scenario: the org sends its outbound messages, the pipeline runs until every message is acked
     * and the queues the functions consume are empty (or the scenario's timeout passes), then the org and the
     * ERP are reconciled. Progress goes to {@code out} as it changes.
     */
    public Reconciliation runScenario(PrintStream out) throws InterruptedException {
        Thread sending = Thread.ofPlatform().name("salesforce-outbound-messaging").daemon().start(() -> {
            try {
                outboundMessaging.deliver(scenario.messages());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Instant deadline = Instant.now().plus(options.scenarioTimeout());
        Instant nextProgress = Instant.now();
        String last = "";
        try {
            while (sending.isAlive() || !settled()) {
                if (Instant.now().isAfter(deadline)) {
                    out.println("The scenario did not settle within " + options.scenarioTimeout().toSeconds()
                            + " s; reconciling it as it stands.");
                    break;
                }
                if (!Instant.now().isBefore(nextProgress)) {
                    last = printIfChanged(out, last);
                    nextProgress = Instant.now().plus(PROGRESS_EVERY);
                }
                Thread.sleep(SETTLE_CHECK_EVERY);
            }
        } finally {
            sending.interrupt();
        }
        printIfChanged(out, last);
        return reconcile(scenario.opportunityIds());
    }

    Reconciliation reconcile(List<String> opportunityIds) {
        return Reconciliation.of(opportunityIds, erp::order, erp.ordersCreated(), salesforce::fields, callbackFields);
    }

    /**
     * Nothing left to do: every queue a function consumes is empty, nothing in flight. They are checked in the
     * template's order, upstream first: once the notifications queue is empty no new callback can appear.
     */
    private boolean settled() {
        return eventSourceQueues.stream().allMatch(queue -> depth(queue.url()) == 0);
    }

    /** Messages visible, in flight and delayed. */
    private int depth(String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.client().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    /** One line: what Salesforce sent, what the ERP and the org hold, what waits in the queues. */
    String progress() {
        long applied = watched.stream().filter(id -> salesforce.fields(id).containsKey(callbackFields.orderNumberField())).count();
        List<TemplateResources.LocalQueue> deadLetterQueues = resources.deadLetterQueues();
        return "Salesforce sent %d, acked %d/%d (%d retries) | ERP orders %d | callbacks applied %d/%d | queued: %s | dead letters: %s"
                .formatted(outboundMessaging.posts(), outboundMessaging.acked(), scenario.messages().size(),
                        outboundMessaging.retries(), erp.ordersCreated(), applied, watched.size(),
                        depths(resources.queues().stream().filter(q -> !deadLetterQueues.contains(q)).toList()),
                        depths(deadLetterQueues));
    }

    /** What the run took besides what the reconciliation counts: retries, faults, logins, dead letters. */
    String summary() {
        return """
                  outbound messages: %d posted, %d retries, %d given up
                  ERP: %d order requests, %d answered 503
                  Salesforce: %d API calls, %d refused (expired session), %d OAuth token requests
                  dead letters: %s
                """.formatted(outboundMessaging.posts(), outboundMessaging.retries(), outboundMessaging.dropped(),
                erp.requests(), erp.statuses().stream().filter(status -> status == 503).count(),
                salesforce.apiCalls(), salesforce.refusedCalls(), salesforce.tokenRequests(), depths(resources.deadLetterQueues()));
    }

    private String depths(List<TemplateResources.LocalQueue> queues) {
        return queues.stream().map(q -> q.definition().logicalId() + " " + depth(q.url())).collect(Collectors.joining(", "));
    }

    private String printIfChanged(PrintStream out, String last) {
        String now = progress();
        if (!now.equals(last)) {
            out.println(now);
        }
        return now;
    }

    @Override
    public void close() {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                System.err.println("closing the local stack: " + e);
            }
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(System.out, args));
    }

    /** @return the exit status: 0, 1 when the scenario's reconciliation failed, 2 for bad flags */
    static int run(PrintStream out, String... args) throws Exception {
        LocalOptions options;
        try {
            options = LocalOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (options.help()) {
            out.println(LocalOptions.HELP);
            return 0;
        }
        Instant started = Instant.now();
        LocalPipeline pipeline = new LocalPipeline(options);
        Thread shutdown = new Thread(pipeline::close);
        Runtime.getRuntime().addShutdownHook(shutdown);
        out.println(pipeline.banner());
        int status = 0;
        if (options.opportunities() > 0) {
            Reconciliation reconciliation = pipeline.runScenario(out);
            out.print(reconciliation.report());
            out.print(pipeline.summary());
            out.printf("Wall time: %.1f s (the stack's start, the scenario and the reconciliation; not the JVM's start)%n",
                    Duration.between(started, Instant.now()).toMillis() / 1000.0);
            status = reconciliation.passed() ? 0 : 1;
        }
        if (options.exitAfterScenario()) {
            Runtime.getRuntime().removeShutdownHook(shutdown);
            pipeline.close();
            return status;
        }
        out.println("Still serving; Ctrl-C stops it.");
        pipeline.watched.addAll(pipeline.sampleOpportunities);
        String last = "";
        try {
            while (!Thread.currentThread().isInterrupted()) {
                last = pipeline.printIfChanged(out, last);
                Thread.sleep(PROGRESS_EVERY);
            }
        } catch (RuntimeException e) {
            // Ctrl-C: the shutdown hook stopped the emulators under the progress line
        }
        return status;
    }

    private String banner() throws IOException {
        return """
                sfbridge local stack is up (%s read: %d queues, the functions' routes and event sources).
                  Outbound Message endpoint  %s   (POST, text/xml; allowed org IDs: %s)
                  ERP order events endpoint  %s   (POST, HMAC-signed; docs/callbacks.md)
                  SQS (ElasticMQ)            %s
                  DynamoDB Local             %s
                  simulated Salesforce org   %s   (org %s)
                  simulated ERP              %s
                  functions' log lines       %s
                %s""".formatted(options.template(), resources.queues().size(), outboundMessagesEndpoint(),
                options.organizationIds(), erpOrderEventsEndpoint(), sqs.endpoint(), dynamoDb.endpoint(),
                salesforce.instanceUrl(), salesforce.organizationId(), erp.baseUri(), logFile, tryIt());
    }

    /** A sample message for a few extra opportunities of the org, with a live session, for a person to post. */
    private String tryIt() throws IOException {
        int first = options.opportunities() + 1;
        Path file = Files.createTempFile("sfbridge-outbound-message-", ".xml");
        file.toFile().deleteOnExit();
        for (int n = first; n < first + 3; n++) {
            salesforce.addRecord("Opportunity", TestIds.id("006", n));
            sampleOpportunities.add(TestIds.id("006", n));
        }
        Files.writeString(file, OutboundMessages.closedWon(first, 3)
                .organizationId(salesforce.organizationId()).sessionId(salesforce.newSession())
                .instanceUrl(salesforce.instanceUrl().toString()).xml());
        return "Try:  curl -s -H 'Content-Type: text/xml' --data-binary @%s %s".formatted(file, outboundMessagesEndpoint());
    }
}
