package dev.sfbridge.bench;

import dev.sfbridge.contract.HardenedXmlInput;
import dev.sfbridge.contract.OutboundMessage;
import dev.sfbridge.contract.OutboundMessageParser;
import dev.sfbridge.contract.OutboundMessageRejected;
import dev.sfbridge.listener.ListenerConfig;
import dev.sfbridge.testing.OutboundMessages;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing and validating one outbound message, as the listener does for every request. SampleTime
 * samples single calls, so the report has percentiles (the target is on p50) besides the average. The
 * defaults keep a run near a minute; JMH's own flags override them.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class OutboundMessageParseBenchmark {

    /** One notification, and the most Salesforce puts in a message. */
    @Param({"1", "100"})
    public int notifications;

    private final OutboundMessageParser parser =
            new OutboundMessageParser(new HardenedXmlInput(ListenerConfig.DEFAULT_MAX_ELEMENT_DEPTH));
    private byte[] body;

    @Setup
    public void buildMessage() {
        body = OutboundMessages.closedWon(1, notifications).xml().getBytes(StandardCharsets.UTF_8);
    }

    /** Returned, so JMH consumes it and the JIT cannot drop the work. */
    @Benchmark
    public OutboundMessage parse() throws OutboundMessageRejected {
        return parser.parse(body);
    }
}
