package dev.sfbridge.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The change time read by hand in Salesforce's form reads what {@link OffsetDateTime#parse} reads, the same instant
 * or nothing, on the form's edges and on many texts of its shape with values in and out of range, and on others.
 */
class ChangeTimeLimitTest {
    @Test
    void salesforcesFormIsReadAsItsInstant() {
        assertEquals(Instant.parse("2024-05-01T12:34:56.789Z"), ChangeTimeLimit.parse("2024-05-01T12:34:56.789Z"));
        assertEquals(Instant.parse("2024-02-29T23:59:59.999Z"), ChangeTimeLimit.parse(" 2024-02-29T23:59:59.999Z\n"));
        assertEquals(Instant.parse("0000-01-01T00:00:00Z"), ChangeTimeLimit.parse("0000-01-01T00:00:00.000Z"));
    }

    @Test
    void valuesOutOfRangeAreNotATime() {
        for (String text : List.of("2023-02-29T00:00:00.000Z", "2024-13-01T00:00:00.000Z", "2024-00-10T00:00:00.000Z",
                "2024-04-31T00:00:00.000Z", "2024-01-00T00:00:00.000Z", "2024-01-01T24:00:00.000Z", "2024-01-01T00:60:00.000Z",
                "2024-01-01T00:00:60.000Z", "2024-01-01T00:00:00.00xZ", "2024-01-01T00:00:00.000X", "2024-01-01 00:00:00.000Z",
                "+024-01-01T00:00:00.000Z", "2024-01-01T00:00:00.000Z2")) {
            assertNull(ChangeTimeLimit.parse(text), text);
        }
    }

    @Test
    void readsWhatTheJdksFormatterReadsOnTextsOfTheFormAndNearIt() {
        Random random = new Random(17);
        String digitsAndOthers = "0123456789012345678901234567890123456789-T:.Zz+t ٣";
        for (int i = 0; i < 50_000; i++) {
            char[] text = "2024-05-01T12:34:56.789Z".toCharArray();
            // each digit drawn so that every field's range is crossed, then now and then any character anywhere
            int[] bounds = {10, 10, 10, 10, 0, 2, 10, 0, 4, 10, 0, 3, 10, 0, 7, 10, 0, 7, 10, 0, 10, 10, 10, 0};
            for (int c = 0; c < text.length; c++) {
                if (bounds[c] > 0) {
                    text[c] = (char) ('0' + random.nextInt(bounds[c]));
                }
            }
            if (random.nextInt(4) == 0) {
                text[random.nextInt(text.length)] = digitsAndOthers.charAt(random.nextInt(digitsAndOthers.length()));
            }
            String s = new String(text);
            assertEquals(jdk(s), ChangeTimeLimit.parse(s), s);
        }
        for (String other : List.of("2024-05-01T12:34:56Z", "2024-05-01T12:34Z", "2024-05-01T12:34:56.7891234Z",
                "2024-05-01T12:34:56.789+01:00", "2024-05-01t12:34:56.789z", "2024-05-01T12:34:56.789-08:00", "2024-05-01", "")) {
            assertEquals(jdk(other), ChangeTimeLimit.parse(other), other);
        }
    }

    private static Instant jdk(String text) {
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }
}
