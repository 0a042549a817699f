package dev.sfbridge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NotificationPackTest {
    @Test
    void notificationsArePackedInOrderTenAtMostAndEachPackReadsBackAsTheNotificationsInIt() {
        List<Notification> sent = IntStream.range(0, 25).mapToObj(NotificationPackTest::notification).toList();

        List<String> bodies = NotificationPack.bodies(sent.stream().map(QueueJson::write).toList(), 10, 1024 * 1024);

        assertEquals(3, bodies.size());
        List<Notification> read = bodies.stream().flatMap(b -> NotificationPack.notifications(b).stream()).toList();
        assertEquals(sent, read);
        assertEquals(List.of(10, 10, 5), bodies.stream().map(b -> NotificationPack.parts(b).size()).toList());
    }

    @Test
    void aPackNeverPassesTheByteLimitAndANotificationAloneIsItsOwnObjectAsBeforePacks() {
        List<String> notifications = IntStream.range(0, 7).mapToObj(i -> QueueJson.write(notification(i))).toList();
        int one = bytes(notifications.getFirst());
        // room for two and their brackets and comma, not three
        int limit = 2 * one + 3 + one / 2;

        List<String> bodies = NotificationPack.bodies(notifications, 10, limit);

        assertEquals(4, bodies.size());
        bodies.forEach(b -> assertTrue(bytes(b) <= limit, b));
        assertEquals(notifications.getLast(), bodies.getLast(), "the seventh alone: its object, not an array of one");
        assertEquals(List.of(notifications.getLast()), NotificationPack.parts(bodies.getLast()));
        assertEquals(notifications, NotificationPack.bodies(notifications, 1, limit), "one each: every object alone");
    }

    @Test
    void theLimitCountsTheBracketsAndCommasExactly() {
        List<String> notifications = List.of(QueueJson.write(notification(1)), QueueJson.write(notification(2)));
        int exact = bytes(notifications.get(0)) + bytes(notifications.get(1)) + 3;

        assertEquals(1, NotificationPack.bodies(notifications, 10, exact).size());
        assertEquals(exact, bytes(NotificationPack.bodies(notifications, 10, exact).getFirst()));
        assertEquals(2, NotificationPack.bodies(notifications, 10, exact - 1).size());
    }

    @Test
    void aNotificationLargerThanTheLimitIsAMessageOfItsOwnForTheEnqueuerToRefuse() {
        String small = QueueJson.write(notification(1));
        String large = QueueJson.write(notification(2)).replace("Closed Won", "x".repeat(5_000));

        List<String> bodies = NotificationPack.bodies(List.of(small, large, small), 10, 2_000);

        assertEquals(List.of(small, large, small), bodies);
    }

    @Test
    void whatIsNotANonEmptyArrayOfObjectsIsOnePartTheBodyItselfForItsReaderToRefuse() {
        for (String body : List.of("{\"a\":1}", "[]", "[1,2]", "[{\"a\":1},2]", "[{\"a\":1}] trailing", "[{\"a\":1}",
                "  [ not json", "null", "")) {
            assertEquals(List.of(body), NotificationPack.parts(body), body);
        }
        assertThrows(RuntimeException.class, () -> NotificationPack.notifications("[{\"a\":1},{\"b\":2}]"));
    }

    @Test
    void aPartKeepsEveryCharacterOfItsNotification() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Name", "Crème brûlée & Söhne \"quoted\" \u2028 😀");
        fields.put("Amount", null);
        Notification odd = new Notification(Notification.SCHEMA_VERSION, "04l000000000001AAA", "00D000000000001AAA", "04k",
                "Opportunity", "006000000000001AAA", fields, Instant.parse("2026-11-29T12:00:00.123Z"),
                InstanceUrl.of("https://acme.my.salesforce.com").orElseThrow(), null);
        String body = "[" + QueueJson.write(odd) + "," + QueueJson.write(notification(2)) + "]";

        assertEquals(odd, NotificationPack.notifications(body).getFirst());
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static Notification notification(int i) {
        String suffix = "%03d".formatted(i);
        return new Notification(Notification.SCHEMA_VERSION, "04l000000000" + suffix + "AAA", "00D000000000001AAA", "04k000000000001AAA",
                "Opportunity", "006000000000" + suffix + "AAA", Map.of("StageName", "Closed Won"),
                Instant.parse("2026-11-29T12:00:00Z"), InstanceUrl.of("https://acme.my.salesforce.com").orElseThrow(), null);
    }
}
