package dev.sfbridge.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.sfbridge.testing.OutboundMessages;
import dev.sfbridge.testing.SalesforceSimulator;
import dev.sfbridge.testing.TestIds;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./dev up}: starts the {@link LocalPipeline}, plays the scenario and prints its reconciliations (the orders,
 * and each direction of the batch sync: {@link SyncReconciliation}; one that fails fails the run), then
 * keeps serving with a sample message for a person to post (or exits, with {@code --exit-after-scenario}).
 */
public final class DevUp {
    private static final ObjectWriter USAGE_JSON = new ObjectMapper().writerWithDefaultPrettyPrinter();

    private DevUp() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(System.out, System.err, args));
    }

    /**
     * @param err where a run that cannot start says why, in one line
     * @return the exit status: 0, 1 when the scenario's reconciliation failed, 2 for bad flags or a stack that cannot start
     */
    static int run(PrintStream out, PrintStream err, String... args) throws Exception {
        LocalOptions options;
        try {
            options = LocalOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (options.help()) {
            out.println(LocalOptions.HELP);
            return 0;
        }
        Instant started = Instant.now();
        LocalPipeline pipeline;
        try {
            pipeline = new LocalPipeline(options);
        } catch (IllegalArgumentException | IOException e) {
            // what the stack was pointed at cannot serve it (the template, an endpoint: --aws-endpoint), or it cannot
            // start here (a port taken, a log file that cannot be written): the message names the flag
            err.println(e.getMessage());
            return 2;
        }
        Thread shutdown = new Thread(pipeline::close);
        Runtime.getRuntime().addShutdownHook(shutdown);
        List<String> sampleOpportunities = new ArrayList<>();
        out.print(pipeline.banner());
        out.println(tryIt(pipeline, options.opportunities() + 1, sampleOpportunities));
        int status = 0;
        if (options.opportunities() > 0) {
            boolean chaosRun = pipeline.chaos().on();
            boolean reconciled;
            if (chaosRun) {
                out.printf("Chaos run: seed %d, faults %s%n", pipeline.chaos().seed(),
                        options.chaos().stream().map(ChaosFault::flag).toList());
                ChaosReconciliation reconciliation = pipeline.runChaos(out);
                out.print(pipeline.chaos().report());
                out.print(reconciliation.report());
                reconciled = reconciliation.passed();
            } else {
                Reconciliation reconciliation = pipeline.runScenario(out);
                out.print(reconciliation.report());
                reconciled = reconciliation.passed();
            }
            boolean synced = printSync(out, pipeline);
            out.print(pipeline.progress().summary());
            out.print(pipeline.usageSummary());
            if (options.usageFile() != null) {
                Files.writeString(options.usageFile(), USAGE_JSON.writeValueAsString(pipeline.usage()) + "\n");
                out.println("  AWS usage written to " + options.usageFile() + " (./dev bench cost --from " + options.usageFile() + ")");
            }
            out.printf(Locale.ROOT, "Wall time: %.1f s (the stack's start, the scenario%s and the reconciliations; not the JVM's start)%n",
                    Duration.between(started, Instant.now()).toMillis() / 1000.0, chaosRun ? ", the redrive" : "");
            status = reconciled && synced ? 0 : 1;
        }
        if (options.exitAfterScenario()) {
            Runtime.getRuntime().removeShutdownHook(shutdown);
            pipeline.close();
            return status;
        }
        out.println("Still serving; Ctrl-C stops it.");
        pipeline.progress().watch(sampleOpportunities);
        String last = "";
        try {
            while (!Thread.currentThread().isInterrupted()) {
                last = pipeline.progress().printIfChanged(out, last);
                Thread.sleep(LocalPipeline.PROGRESS_EVERY);
            }
        } catch (RuntimeException e) {
            // Ctrl-C: the shutdown hook stopped the emulators under the progress line
        }
        return status;
    }

    /** Prints each sync direction's reconciliation; returns whether all passed. */
    private static boolean printSync(PrintStream out, LocalPipeline pipeline) {
        pipeline.syncReconciliations().forEach(sync -> out.print(sync.report()));
        return pipeline.syncReconciliations().stream().allMatch(SyncReconciliation::passed);
    }

    /**
     * A sample message for a few extra opportunities of the org, for a person to post to the org's Endpoint URL (its
     * key in it, or a live session in the message, as the listener verifies senders); their IDs go to {@code opportunities}.
     */
    private static String tryIt(LocalPipeline pipeline, int first, List<String> opportunities) throws IOException {
        SalesforceSimulator salesforce = pipeline.salesforce();
        Path file = Files.createTempFile("sfbridge-outbound-message-", ".xml");
        file.toFile().deleteOnExit();
        for (int n = first; n < first + 3; n++) {
            salesforce.addRecord("Opportunity", TestIds.id("006", n));
            opportunities.add(TestIds.id("006", n));
        }
        Files.writeString(file, OutboundMessages.closedWon(first, 3)
                .organizationId(salesforce.organizationId()).sessionId(pipeline.orgSendsSessions() ? salesforce.newSession() : null)
                .instanceUrl(salesforce.instanceUrl().toString()).xml());
        return "Try:  curl -s -H 'Content-Type: text/xml' --data-binary @%s '%s'".formatted(file, pipeline.outboundMessagesEndpoint());
    }
}
