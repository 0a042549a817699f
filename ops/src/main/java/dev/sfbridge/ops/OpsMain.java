package dev.sfbridge.ops;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * {@code sfbridge-ops}, the operator's command line ({@code ./dev ops ARGS}; docs/runbook.md). Exit codes: 0
 * done; 2 the command line or this side's settings (no region, no credentials, a command with nothing to act
 * on); 3 the AWS side (no such queue, refused, unreachable, nothing matched). Errors are one line on standard
 * error, never a stack trace.
 */
public final class OpsMain {
    static final Set<String> GLOBAL_OPTIONS = Set.of("--endpoint-url", "--region", "--help");
    private static final String USAGE = """
            sfbridge-ops [--endpoint-url URL] [--region REGION] COMMAND [OPTIONS]

              dlq list     --queue URL|NAME [--max N] [--force]                dead letters and why
              dlq redrive  --queue DLQ [--to SOURCE] [--dry-run]                all of them back to the source queue
              replay       --queue DLQ --notification-id ID [--to SOURCE] [--dry-run]   one notification back
              sync status  --control-table NAME                                the batch sync's jobs: watermark, run, lease
              sync errors  --errors-table NAME [--job JOB]                     records it could not write, and why
              sync retry   --errors-table NAME --job JOB [--key KEY]           parked errors sent again by the next run

              COMMAND --help tells more. AWS settings are the SDK's: AWS_REGION, AWS_PROFILE or AWS_ACCESS_KEY_ID and
              AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL; --endpoint-url and --region override them (the local stack:
              --endpoint-url of its SQS, any credentials). Exit codes: 0 done, 2 usage or settings, 3 AWS side.""";

    private final Map<String, Command> commands;
    private final SqsConnector connector;
    private final int receiveWaitSeconds;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param receiveWaitSeconds long polling of each receive
     * @param taskPollInterval   how often {@code dlq redrive} asks how its move task is doing
     * @param clock              what a dead-letter pass times itself by
     */
    OpsMain(SqsConnector connector, int receiveWaitSeconds, Duration taskPollInterval, Clock clock, PrintStream out, PrintStream err) {
        this.connector = connector;
        this.receiveWaitSeconds = receiveWaitSeconds;
        this.clock = clock;
        this.out = out;
        this.err = err;
        this.commands = Stream.of(new DlqList(), new DlqRedrive(taskPollInterval), new Replay(),
                        new SyncStatus(), new SyncErrors(), new SyncRetry())
                .collect(Collectors.toMap(Command::name, Function.identity()));
    }

    public static void main(String[] args) {
        // long polling of 1 s: SQS's short polling samples some of its servers and can answer empty too early
        System.exit(new OpsMain(AwsAccess.standard(), 1, Duration.ofSeconds(2), Clock.systemUTC(), System.out, System.err).run(args));
    }

    int run(String... args) {
        try {
            Arguments arguments = Arguments.parse(args);
            if (arguments.words().isEmpty()) {
                (arguments.has("--help") ? out : err).println(USAGE);
                return arguments.has("--help") ? 0 : OpsFailure.USAGE;
            }
            Command command = command(arguments.words());
            if (arguments.has("--help")) {
                out.println(command.usage());
                return 0;
            }
            arguments.allowOnly(command.options());
            try (Connection connection = new Connection(connector, arguments.option("--region").orElse(null),
                    arguments.option("--endpoint-url").orElse(null), receiveWaitSeconds, clock)) {
                command.run(arguments, connection, out);
            }
            return 0;
        } catch (OpsFailure failure) {
            return fail(failure.exitCode(), failure.getMessage());
        } catch (AwsServiceException e) {
            return fail(OpsFailure.AWS, "SQS refused the call: " + (e.awsErrorDetails() == null ? e.statusCode()
                    : e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage()));
        } catch (SdkClientException e) {
            return fail(OpsFailure.AWS, "could not reach SQS: " + firstLine(e.getMessage()));
        }
    }

    private Command command(List<String> words) {
        Command command = commands.get(String.join(" ", words));
        if (command == null) {
            throw OpsFailure.usage("unknown command '" + String.join(" ", words) + "' (sfbridge-ops --help lists them)");
        }
        return command;
    }

    private int fail(int exitCode, String message) {
        err.println("sfbridge-ops: " + message);
        return exitCode;
    }

    private static String firstLine(String message) {
        return message == null ? "no detail" : message.lines().findFirst().orElse("no detail");
    }
}
