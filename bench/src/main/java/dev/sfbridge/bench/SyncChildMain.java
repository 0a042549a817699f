package dev.sfbridge.bench;

import dev.sfbridge.config.Env;
import dev.sfbridge.observability.JsonLog;
import dev.sfbridge.retry.Pause;
import dev.sfbridge.sync.BatchSyncHandler;
import dev.sfbridge.sync.SyncConfig;
import dev.sfbridge.testing.EmulatorClients;
import dev.sfbridge.testing.RecordingMetrics;
import dev.sfbridge.testing.StaticSecretsManager;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * The batch sync as its Lambda runs it, in a JVM of its own whose heap {@link SyncBenchHarness} caps: the real
 * {@link BatchSyncHandler} from its environment, one invocation with all the time it needs. Prints
 * {@code RESULT <outcome> <millis> <peak heap bytes>}.
 *
 * <p>Arguments: the DynamoDB endpoint, the ERP's and the connected app's secrets, the sync job to run, then the
 * environment as {@code NAME=value} pairs (SyncConfig's).
 */
public final class SyncChildMain {
    private SyncChildMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> env = new java.util.HashMap<>();
        for (int i = 4; i < args.length; i++) {
            String[] nameAndValue = args[i].split("=", 2);
            env.put(nameAndValue[0], nameAndValue[1]);
        }
        StaticSecretsManager secrets = new StaticSecretsManager().put(env.get("ERP_SECRET_ID"), args[1])
                .put(env.get("SALESFORCE_SECRET_ID"), args[2]);
        RecordingMetrics metrics = new RecordingMetrics();
        BatchSyncHandler handler = new BatchSyncHandler(SyncConfig.from(new Env(env)), EmulatorClients.dynamoDb(URI.create(args[0])),
                // never called: with no Lambda context the invocation has all the time it needs, so it never hands over
                EmulatorClients.sqs(URI.create("http://127.0.0.1:9")), secrets, new JsonLog(line -> { }, Clock.systemUTC()),
                metrics, Pause.SLEEP, Clock.systemUTC());
        long started = System.nanoTime();
        String outcome = handler.handleRequest(Map.of("syncJob", args[3]), null).get(args[3]);
        long millis = (System.nanoTime() - started) / 1_000_000;
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        System.out.println("RESULT " + outcome + " " + millis + " " + peak + " " + metrics.emitted());
    }
}
