package dev.sfbridge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfbridge.bench.ClosedLoop.Measurement;
import dev.sfbridge.bench.ListenersHarness.Part;
import dev.sfbridge.contract.SoapResponses;
import dev.sfbridge.contract.FaultCode;
import java.awt.image.BufferedImage;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Each listener of `./dev bench listeners` on an in-memory SQS, in this JVM: it acks full messages only after
 * queuing every notification, and answers a broken message with something the harness never counts as an ack.
 * The harness's own figures (CPU per message, pooled rounds) and its chart are checked on made-up numbers.
 */
class ListenersHarnessTest {
    private static final List<byte[]> MESSAGES = ListenerLoadHarness.messages(2);

    @ParameterizedTest
    @EnumSource(ListenerKind.class)
    void acksFullMessagesAfterQueuingEveryNotification(ListenerKind kind) throws Exception {
        InMemorySqs sqs = new InMemorySqs();
        try (ListenerKind.Served served = kind.serve(sqs, "in-memory"); HttpClient http = ListenerLoadHarness.client()) {
            for (byte[] message : MESSAGES) {
                OutboundMessagePost.deliver(http, served.endpoint(), message, kind.isAck);
            }
        }
        assertEquals(2L * ListenersHarness.NOTIFICATIONS / kind.notificationsPerMessage(), sqs.entries(),
                "sfbridge's packs of ten, the others' one each");
    }

    @ParameterizedTest
    @EnumSource(ListenerKind.class)
    void answersABrokenMessageWithSomethingThatIsNotAnAck(ListenerKind kind) throws Exception {
        InMemorySqs sqs = new InMemorySqs();
        byte[] cut = new String(MESSAGES.getFirst(), StandardCharsets.UTF_8).substring(0, 2_000).getBytes(StandardCharsets.UTF_8);
        try (ListenerKind.Served served = kind.serve(sqs, "in-memory"); HttpClient http = ListenerLoadHarness.client()) {
            assertThrows(OutboundMessagePost.NotAcked.class, () -> OutboundMessagePost.deliver(http, served.endpoint(), cut, kind.isAck));
        }
        assertEquals(0, sqs.entries());
    }

    @Test
    void theAckCheckOfTheJaxWsStackAcceptsAnyPrefixButNoFault() {
        assertTrue(ListenerKind.CXF.isAck.test(SoapResponses.ACK));
        assertTrue(ListenerKind.CXF.isAck.test("<soap:Envelope><soap:Body><ns2:notificationsResponse><ns2:Ack>true</ns2:Ack>"));
        assertFalse(ListenerKind.CXF.isAck.test("<Ack>false</Ack>"));
        assertFalse(ListenerKind.CXF.isAck.test(SoapResponses.fault(FaultCode.SERVER, "Ack>true")));
    }

    @Test
    void cpuPerMessageIsTheListenersCpuOverItsAckedNotifications() {
        // 10 requests of 100 notifications, 8 acked, 200 ms of CPU: 250 µs a notification, 25 ms a message
        // and 40 ms in its local API Gateway's process: 30 ms a message with it
        Part part = new Part(new Measurement(10, 8, new LatencyStats(new long[8]), 1_000_000_000L, List.of("x", "y")),
                Duration.ofMillis(200), Duration.ofMillis(40));
        assertEquals(800, part.notifications());
        assertEquals(250, part.cpuMicrosPerNotification(), 1e-9);
        assertEquals(25, part.cpuMillisPerMessage(), 1e-9);
        assertEquals(30, part.withGatewayMillisPerMessage(), 1e-9);
    }

    @Test
    void ratiosReadTheSameUnderALocaleWithADecimalComma() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            // docs/benchmarks.md and this test read 0.50, whatever the developer's locale (de_DE would print 0,50)
            ratiosToCxfAreOfTheFunctionAloneAndWithItsGateway();
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void ratiosToCxfAreOfTheFunctionAloneAndWithItsGateway() {
        Measurement tenAcked = new Measurement(10, 10, new LatencyStats(new long[10]), 1, List.of());
        // CXF 10 ms a message, sfbridge's function 5 ms, 6 ms with its gateway; at the rate 20, 8 and 12
        Map<ListenerKind, Part> closed = Map.of(ListenerKind.CXF, new Part(tenAcked, Duration.ofMillis(100), Duration.ZERO),
                ListenerKind.SFBRIDGE, new Part(tenAcked, Duration.ofMillis(50), Duration.ofMillis(10)));
        Map<ListenerKind, Part> open = Map.of(ListenerKind.CXF, new Part(tenAcked, Duration.ofMillis(200), Duration.ZERO),
                ListenerKind.SFBRIDGE, new Part(tenAcked, Duration.ofMillis(80), Duration.ofMillis(40)));
        assertEquals("saturation 0.50 (with gateway 0.60), at rate 0.40 (with gateway 0.60)",
                ListenersHarness.ratios(closed, open, ListenerKind.SFBRIDGE));
    }

    @Test
    void roundsPoolTheirLatenciesAndAddTheirTimes() {
        Part a = new Part(new Measurement(2, 2, new LatencyStats(new long[] {1_000_000, 3_000_000}), 10, List.of()),
                Duration.ofMillis(5), Duration.ofMillis(1));
        Part b = new Part(new Measurement(3, 2, new LatencyStats(new long[] {2_000_000, 9_000_000}), 20, List.of("#4: no")),
                Duration.ofMillis(7), Duration.ofMillis(2));
        Part both = ListenersHarness.combined(List.of(a, b));
        assertEquals(5, both.load().operations());
        assertEquals(4, both.load().succeeded());
        assertEquals(30, both.load().wallNanos());
        assertEquals(Duration.ofMillis(12), both.cpu());
        assertEquals(Duration.ofMillis(3), both.gatewayCpu());
        assertEquals(List.of("#4: no"), both.load().failures());
        assertEquals(2.0, both.load().latency().millis(0.5));
        assertEquals(9.0, both.load().latency().millis(1));
    }

    @Test
    void drawsTheChartAsAPng(@TempDir Path dir) throws Exception {
        Map<String, List<LatencyChart.Point>> series = new LinkedHashMap<>();
        series.put("one", List.of(new LatencyChart.Point(1_000, 5, 20, 40), new LatencyChart.Point(2_000, 8, 30, 90)));
        series.put("two", List.of(new LatencyChart.Point(1_000, 50, 200, 400)));
        Path png = dir.resolve("sub").resolve("chart.png");
        LatencyChart.write(png, "title", series);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(960, image.getWidth());
        assertEquals(600, image.getHeight());
        assertTrue(pixelsOf(image, 0x1f77b4) > 100, "the first series is drawn in the first colour");
        assertTrue(pixelsOf(image, 0xd62728) > 10, "the second series, of one point, in the second");
    }

    @Test
    void aLongListenerNameStaysWholeInTheLegend(@TempDir Path dir) throws Exception {
        Map<String, List<LatencyChart.Point>> series = new LinkedHashMap<>();
        series.put("naive: DOM, SendMessage, and a name longer than the legend's column", List.of(new LatencyChart.Point(1_000, 5, 20, 40)));
        Path png = dir.resolve("chart.png");
        LatencyChart.write(png, "title", series);
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 960, "the picture widens for the name: " + image.getWidth());
        for (int x = image.getWidth() - 5; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                assertEquals(0xffffff, image.getRGB(x, y) & 0xffffff, "nothing drawn at the right edge, x " + x + ", y " + y);
            }
        }
    }

    private static long pixelsOf(BufferedImage image, int rgb) {
        long n = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                n += (image.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void refusesOptionsThatMeasureNothing() {
        assertThrows(IllegalArgumentException.class, () -> ListenersHarness.Options.parse("--rounds", "0"));
        assertThrows(IllegalArgumentException.class, () -> ListenersHarness.Options.parse("--sweep-max", "10"));
        assertEquals(List.of(), ListenersHarness.Options.parse("--sweep-seconds", "0").sweepRates());
        assertEquals(List.of(2_000, 4_000), ListenersHarness.Options.parse("--sweep-step", "2000", "--sweep-max", "5000").sweepRates());
    }
}
