package dev.sfbridge.local;

import dev.sfbridge.listener.OutboundMessageHandler;
import dev.sfbridge.local.template.Intrinsics;
import dev.sfbridge.local.template.SamTemplate;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.sync.SyncConfig;
import dev.sfbridge.sync.SyncControlTable;
import dev.sfbridge.sync.SyncState;
import dev.sfbridge.testing.BulkApiSimulator;
import dev.sfbridge.testing.EmbeddedSqs;
import dev.sfbridge.testing.ErpSimulator;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.SalesforceSimulator;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The whole pipeline on one machine, in one JVM, with nothing to install, built from template.yaml:
 * DynamoDB Local and ElasticMQ in-process (or an endpoint's services, {@link AwsServices}) with the template's
 * queues and table; its functions with Lambda's
 * event shapes, the API routes behind local HTTP and the SQS event sources polled as Lambda polls them; the
 * simulated Salesforce org and ERP the functions talk to. {@link #runScenario} plays the Closed Won scenario
 * through it and reconciles the org with the ERP; {@link DevUp} is the command that runs it.
 */
public final class LocalPipeline implements AutoCloseable {
    /** What {@code AWS::StackName} is locally: the prefix of the queue and table names. */
    static final String STACK_NAME = "sfbridge-local";
    static final String REGION = "us-east-1";
    static final String ACCOUNT_ID = "000000000000";
    static final String OUTBOUND_MESSAGES_ROUTE = "/outbound-messages";
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    private static final Duration SETTLE_CHECK_EVERY = Duration.ofMillis(100);

    private final LocalOptions options;
    private final Opened opened = new Opened("closing the local stack");
    private final AwsServices services;
    private final SimulatedPeers peers;
    private final Path logFile;
    private final TemplateResources resources;
    private final WiredFunctions functions;
    private final ApiGatewayServer api;
    /** The simulated org's Endpoint URL and whether its messages carry sessions, as the template's listener verifies senders. */
    private final OrgOutboundMessages orgOutboundMessages;
    private final ClosedWonScenario scenario;
    private final OutboundMessaging outboundMessaging;
    private final PipelineProgress progress;
    private final RecentActivity activity = new RecentActivity();
    private final UsageMeter meter = new UsageMeter();
    private final StatusPage statusPage;
    private final ChaosPlan chaos;
    /** The ERP's status events, in a chaos run that moves orders on. */
    private final Optional<ErpStatusEvents> statusEvents;
    /** What the functions log of the chaos run's same-second changes and deleted records. */
    private final ChaosPaths.Log pathsLog = new ChaosPaths.Log();
    /** The scenario's reconciliation, once {@link #runScenario} has made it: the status page shows it. */
    private volatile Reconciliation scenarioReconciliation;
    /** The key the request-reply routes take SigV4 signatures of when their API is AWS_IAM: a new one at every start. */
    private final SigV4Verification.AccessKey requestReplyKey = SigV4Verification.AccessKey.random(ACCOUNT_ID);
    /** The batch sync's control table, when the template has the sync. */
    private final Optional<SyncControlTable> syncControl;
    /** The sync's directions played beside the scenario, when it has a scenario and the sync a schedule. */
    private final Optional<SyncScenario> syncScenario;
    /** Each sync direction's reconciliation, once the scenario's is made. */
    private volatile List<SyncReconciliation> syncReconciliations = List.of();
    private Instant scenarioStarted = Instant.now();

    public LocalPipeline(LocalOptions options) throws IOException {
        this.options = options;
        try {
            SamTemplate template = SamTemplate.load(options.template()).withParameters(options.parameters());
            services = open(AwsServices.of(options));
            peers = open(new SimulatedPeers());
            logFile = options.logFile() != null ? options.logFile() : Files.createTempFile("sfbridge-local-", ".log");
            PrintStream logStream = open(logTo(logFile));
            JsonLog log = new JsonLog(line -> {
                logStream.println(line);
                activity.accept(line);
                meter.logLine(line);
                pathsLog.accept(line);
            }, Clock.systemUTC());

            Intrinsics intrinsics = new Intrinsics(STACK_NAME, REGION, ACCOUNT_ID).conditions(template.conditions());
            template.parameters().forEach((name, value) -> value.ifPresent(v -> intrinsics.ref(name, v)));
            peers.templateParameters(options.organizationIds(), services).forEach(intrinsics::ref);
            resources = new TemplateResources(template, intrinsics, services);

            chaos = new ChaosPlan(options.seed(), options.chaos());
            // metered inside the chaos faults: a call the chaos refuses never reached AWS, and is not billed
            LocalFunctions localFunctions = new LocalFunctions(intrinsics,
                    services.sqs(), chaos.dynamoDb(meter.dynamoDb(UsageMeter.FUNCTIONS, services.dynamoDb())),
                    meter.secretsManager(services.secretsManager()), log, options.timeScale(), meter, chaos,
                    peers.erp::reportingAbandonedAttempts);
            functions = open(new WiredFunctions(template, options.template(), localFunctions, resources,
                    chaos.eventSources(meter.sqs(UsageMeter.EVENT_SOURCES, services.sqs()), resources.queue("NotificationsQueue").url()),
                    options, chaos,
                    new SigV4Verification(requestReplyKey, REGION, Clock.systemUTC())));
            api = open(listening("--port", options.port(),
                    () -> new ApiGatewayServer(options.port(), functions.routes(), functions.authorizations())));
            orgOutboundMessages = OrgOutboundMessages.of(api.baseUri().resolve(OUTBOUND_MESSAGES_ROUTE),
                    localFunctions.environment(listener(template)), services.secretsManager(), peers.salesforce.organizationId());
            scenario = new ClosedWonScenario(options.opportunities(), options.liveSessionOpportunities(), orgOutboundMessages.sendsSessions(),
                    options.erpOutages(), options.message(), peers.salesforce, peers.erp, chaos);
            chaos.arm(options.opportunities(), peers.erp, peers.salesforce);
            statusEvents = options.chaos().contains(ChaosFault.ERP_STATUS) ? Optional.of(open(new ErpStatusEvents(
                    erpOrderEventsEndpoint(), peers.erpEventsSigningSecret, peers.salesforce.organizationId(), peers.erp,
                    chaos::movesOn))) : Optional.empty();
            // read without the chaos run's throttling: what the page and the reconciliation see is not a function's call
            syncControl = functions.syncConfig().map(sync -> new SyncControlTable(services.dynamoDb(), sync.controlTable()));
            syncScenario = options.opportunities() == 0 || syncControl.isEmpty() || functions.syncPeriod().isEmpty() ? Optional.empty()
                    : Optional.of(new SyncScenario(syncDirections(functions.syncConfig().get()), syncControl.get(),
                    functions.syncPeriod().get()));
            outboundMessaging = open(new OutboundMessaging(outboundMessagesEndpoint(), options.timeScale(), options.closeRate()));
            progress = new PipelineProgress(services.sqs(), resources, functions.eventSourceQueues(), outboundMessaging,
                    scenario.messages().size(), peers, functions.callbackFields());
            progress.watch(scenario.opportunityIds());
            statusPage = open(listening("--status-port", options.statusPort(), () -> new StatusPage(options.statusPort(), progress,
                    activity, options.opportunities(), () -> Optional.ofNullable(scenarioReconciliation), this::syncJobs,
                    () -> syncReconciliations)));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The functions' log, in a new file or one that is written over; its folder is made if it is missing. */
    private static PrintStream logTo(Path file) throws IOException {
        try {
            Path folder = file.toAbsolutePath().getParent();
            if (folder != null) {
                Files.createDirectories(folder);
            }
            return new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("--log-file " + file + " cannot be written: " + e, e);
        }
    }

    /** Starts a server of the stack's on a port a flag gave; a port another process holds is named with its flag. */
    private static <T> T listening(String flag, int port, Listener<T> listener) throws IOException {
        try {
            return listener.start();
        } catch (BindException e) {
            throw new IOException(flag + " " + port + " cannot be listened on (" + e.getMessage()
                    + "): another process, another ./dev up perhaps, holds it; 0 picks a free port", e);
        }
    }

    private interface Listener<T> {
        T start() throws IOException;
    }

    /**
     * The directions of the batch sync the scenario plays and reconciles: one {@link SyncDirection} per sync job.
     */
    private List<SyncDirection> syncDirections(SyncConfig sync) {
        return List.of(new InvoicesToSalesforce(peers.erp.invoices(), peers.bulk, sync.invoiceMapping(), scenario.customers()),
                new AccountsToErp(peers.bulk.queries(), peers.erp, sync.accountMapping(), scenario.customers()));
    }

    /** Each sync job's item in the control table, for the status page. */
    List<SyncState> syncJobs() {
        return syncControl.map(control -> control.all().stream().map(SyncControlTable.Entry::state).toList()).orElse(List.of());
    }

    /** Each sync direction's reconciliation of the last scenario; empty before it, or without a sync. */
    List<SyncReconciliation> syncReconciliations() {
        return syncReconciliations;
    }

    private <T extends AutoCloseable> T open(T resource) {
        return opened.add(resource);
    }

    /** The template's outbound-message listener. */
    private static SamTemplate.Function listener(SamTemplate template) {
        return template.functions().stream().filter(f -> f.handlerClass().equals(OutboundMessageHandler.class.getName())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the template has no function running " + OutboundMessageHandler.class.getName()));
    }

    /** The Endpoint URL the simulated org's admin entered: the route, with the org's {@code ?key=} when the listener checks one. */
    public URI outboundMessagesEndpoint() {
        return orgOutboundMessages.endpoint();
    }

    /** Whether the simulated org's messages carry a session: only for a listener that verifies sessions (a legacy org's). */
    boolean orgSendsSessions() {
        return orgOutboundMessages.sendsSessions();
    }

    public URI requestReplyEndpoint() {
        return api.baseUri().resolve("/orders");
    }

    SigV4Verification.AccessKey requestReplyKey() {
        return requestReplyKey;
    }

    public URI erpOrderEventsEndpoint() {
        return api.baseUri().resolve("/erp/order-events");
    }

    /** The embedded SQS, for tests that look into its queues. */
    EmbeddedSqs sqs() {
        if (services instanceof EmbeddedAwsServices embedded) {
            return embedded.embeddedSqs();
        }
        throw new IllegalStateException("with --aws-endpoint there is no embedded SQS");
    }

    SalesforceSimulator salesforce() {
        return peers.salesforce;
    }

    ErpSimulator erp() {
        return peers.erp;
    }

    BulkApiSimulator bulk() {
        return peers.bulk;
    }

    OutboundMessaging outboundMessaging() {
        return outboundMessaging;
    }

    PipelineProgress progress() {
        return progress;
    }

    String usageSummary() {
        return meter.summary();
    }

    /**
     * What the run asked of AWS and of the org so far ({@link UsageMeter}), with the scenario's size: what
     * {@code ./dev bench cost} prices (docs/cost.md).
     */
    Map<String, Object> usage() {
        SalesforceSimulator org = peers.salesforce;
        Map<String, Object> usage = UsageMeter.ordered("notifications", options.opportunities(),
                "outbound_messages", outboundMessaging.posts(), "message", options.message().name());
        usage.putAll(meter.report());
        usage.put("salesforce", UsageMeter.ordered("api_calls", org.apiCalls(), "token_requests", org.tokenRequests(),
                "platform_event_calls", org.publishCalls(), "platform_events", org.publishedEvents().size()));
        return usage;
    }

    /** The scenario's outbound messages: their bodies and sessions are what a log must never show. */
    List<OutboundMessages> scenarioMessages() {
        return scenario.messages();
    }

    String erpEventsSigningSecret() {
        return peers.erpEventsSigningSecret;
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
        playScenario(out);
        scenarioReconciliation = reconcile(scenario.opportunityIds());
        reconcileSync(out);
        return scenarioReconciliation;
    }

    /**
     * Once a sync run has covered each direction's last change, reconciles them; it waits until the scenario's timeout
     * (from its start), and two sync periods at least.
     */
    private void reconcileSync(PrintStream out) throws InterruptedException {
        if (syncScenario.isPresent()) {
            Instant atLeast = Instant.now().plus(functions.syncPeriod().orElseThrow().multipliedBy(2));
            Instant timeout = scenarioStarted.plus(options.scenarioTimeout());
            syncReconciliations = syncScenario.get().reconcile(timeout.isAfter(atLeast) ? timeout : atLeast, out);
        }
    }

    /**
     * Plays the scenario with the chaos plan's faults, then reconciles it without the poison records, looks at
     * the notifications dead-letter queue, fixes the ERP, redrives the letters, waits for the pipeline to settle
     * again and reconciles every record ({@link ChaosReconciliation}).
     */
    ChaosReconciliation runChaos(PrintStream out) throws InterruptedException {
        playScenario(out);
        awaitStatusEvents(out);
        List<String> poison = chaos.poisonRecords();
        Reconciliation beforeRedrive = reconcile(scenario.opportunityIds().stream().filter(id -> !poison.contains(id)).toList());
        DeadLetters deadLetters = new DeadLetters(services.sqs(), resources.queue("NotificationsDeadLetterQueue").url());
        List<DeadLetters.Letter> letters = deadLetters.take();
        List<String> mismatches = new ArrayList<>(ChaosReconciliation.deadLettered(poison, letters, peers.erp::order));
        int poisonDeadLettered = (int) letters.stream().map(DeadLetters.Letter::recordId).filter(poison::contains).distinct().count();
        out.printf("Fixing the ERP and redriving %d dead letters to the notifications queue.%n", letters.size());
        chaos.heal(peers.erp);
        deadLetters.redrive(letters, resources.queue("NotificationsQueue").url());
        awaitSettled(out, null);
        awaitStatusEvents(out);
        Reconciliation afterRedrive = reconcile(scenario.opportunityIds());
        int newestApplied = ChaosReconciliation.newestApplied(scenario.newestChange(), scenario.newestAmount(), peers.erp::order,
                mismatches);
        int statusesInOrder = ChaosReconciliation.statusesInOrder(scenario.opportunityIds(), peers.erp.ledger()::statusHistory,
                peers.salesforce::statusWrites, functions.callbackFields().orderStatusField(), mismatches);
        ErpWriteCheck erpWrites = ErpWriteCheck.of(peers.erp.ledger().writes(), peers.erp.ledger().staleRefusals(),
                chaos.failedItemCalls(), chaos.killedAfterWrite(), scenario.recordOfNotification(),
                Set.copyOf(scenario.changed().sameSecond()));
        int deadLettersLeft = resources.queues().stream().filter(queue -> queue.definition().logicalId().endsWith("DeadLetterQueue"))
                .mapToInt(queue -> progress.depth(queue.url())).sum();
        if (deadLettersLeft > 0) {
            mismatches.add(deadLettersLeft + " dead letters left after the redrive");
        }
        scenarioReconciliation = afterRedrive;
        reconcileSync(out);
        int statusEventsTaken = statusEvents.map(ErpStatusEvents::accepted).orElse(0);
        if (statusEvents.isPresent() && statusEvents.get().notDelivered() > 0) {
            mismatches.add(statusEvents.get().notDelivered() + " ERP status events the route never took");
        }
        return new ChaosReconciliation(beforeRedrive, poison.size(), poisonDeadLettered, letters.size(), afterRedrive,
                newestApplied, statusEventsTaken, statusesInOrder, deadLettersLeft, erpWrites, List.copyOf(mismatches),
                ChaosPaths.of(scenario.changed(), pathsLog, peers.erp::order, peers.salesforce::fields, chaos.redeliveredMidway(),
                        chaos.completedUnlogged().stream().map(scenario.recordOfNotification()::get).filter(Objects::nonNull)
                                .collect(Collectors.toSet())));
    }

    /** Once the ERP's status events made so far are posted, until the callbacks they queued are written too. */
    private void awaitStatusEvents(PrintStream out) throws InterruptedException {
        if (statusEvents.isPresent()) {
            statusEvents.get().awaitPosted();
            awaitSettled(out, null);
        }
    }

    ChaosPlan chaos() {
        return chaos;
    }

    /** The org sends the scenario's messages; returns once the pipeline has settled (or the scenario's timeout passed). */
    private void playScenario(PrintStream out) throws InterruptedException {
        scenarioStarted = Instant.now();
        syncScenario.ifPresent(SyncScenario::start);
        Thread sending = Thread.ofPlatform().name("salesforce-outbound-messaging").daemon().start(() -> {
            try {
                outboundMessaging.deliver(scenario.queued());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            awaitSettled(out, sending);
        } finally {
            sending.interrupt();
        }
    }

    /** Until {@code sending} (if any) is done and the queues the functions consume are empty, or the scenario's timeout. */
    private void awaitSettled(PrintStream out, Thread sending) throws InterruptedException {
        Instant deadline = Instant.now().plus(options.scenarioTimeout());
        Instant nextProgress = Instant.now();
        String last = "";
        while ((sending != null && sending.isAlive()) || !progress.settled()) {
            if (Instant.now().isAfter(deadline)) {
                out.println("The scenario did not settle within " + options.scenarioTimeout().toSeconds()
                        + " s; reconciling it as it stands.");
                break;
            }
            if (!Instant.now().isBefore(nextProgress)) {
                last = progress.printIfChanged(out, last);
                nextProgress = Instant.now().plus(PROGRESS_EVERY);
            }
            Thread.sleep(SETTLE_CHECK_EVERY);
        }
        progress.printIfChanged(out, last);
    }

    Reconciliation reconcile(List<String> opportunityIds) {
        // a message with the fields carries no products: only orders built from records read back have lines to check
        Function<String, List<SalesforceSimulator.LineItem>> products = peers.salesforce::lineItems;
        return Reconciliation.of(opportunityIds, peers.erp::order, peers.erp.ordersCreated(), peers.salesforce::fields,
                functions.callbackFields(), options.message() == ScenarioMessage.ID_ONLY ? Optional.of(products) : Optional.empty());
    }

    public URI statusPageUri() {
        return statusPage.uri();
    }

    /** Where each part of the stack listens, for a person to use. */
    String banner() {
        return """
                sfbridge local stack is up (%s read: %d queues, the functions' routes and event sources).
                  status page                %s   (live counts, queues, errors, latency)
                  Outbound Message endpoint  %s   (POST, text/xml; allowed org IDs: %s)
                  ERP order events endpoint  %s   (POST, HMAC-signed; docs/callbacks.md)
                  request-reply endpoint     %s   (POST; GET /accounts/{n}/billing-history; docs/request-reply.md)
                    %s
                %s  simulated Salesforce org   %s   (org %s)
                  simulated ERP              %s
                  functions' log lines       %s
                """.formatted(options.template(), resources.queues().size(), statusPageUri(), outboundMessagesEndpoint(),
                options.organizationIds(), erpOrderEventsEndpoint(), requestReplyEndpoint(), requestReplyAuthentication(),
                services.banner(),
                peers.salesforce.instanceUrl(), peers.salesforce.organizationId(), peers.erp.baseUri(), logFile);
    }

    /** How to call the request-reply routes: what their API's DefaultAuthorizer (RequestReplyAuth) asks for. */
    private String requestReplyAuthentication() {
        return functions.authorizations().get(requestReplyEndpoint().getPath()) instanceof SigV4Verification
                ? "AWS_IAM: signed with SigV4, region %s, access key %s, secret %s (curl --aws-sigv4 aws:amz:%s:execute-api --user KEY:SECRET)"
                        .formatted(REGION, requestReplyKey.id(), requestReplyKey.secret(), REGION)
                : "JwtAuthorizer: a JWT in Authorization, checked by the template's Lambda authorizer";
    }

    @Override
    public void close() {
        opened.close();
    }
}
