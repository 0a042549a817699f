package dev.sfbridge.apigateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sfbridge.apigateway.RequestScreen.Problem;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every edge of the checks the listener and the ERP events route share. */
class RequestScreenTest {
    private static final int MAX = 30;
    private final RequestScreen screen = new RequestScreen("POST", "text/xml", MAX);

    @Test
    void theMethodIsCaseSensitive() {
        assertEquals(Problem.METHOD_NOT_ALLOWED, refused("post", "text/xml", "x", false));
        assertEquals(Problem.METHOD_NOT_ALLOWED, refused("Post", "text/xml", "x", false));
        assertEquals(Problem.METHOD_NOT_ALLOWED, refused(null, "text/xml", "x", false));
        assertEquals(Problem.METHOD_NOT_ALLOWED, refused("GET", "text/xml", "x", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/xml", "TEXT/XML", "Text/Xml; charset=UTF-8", " text/xml ;charset=utf-8", "text/xml;a=b;c=d"})
    void theMediaTypeIgnoresCaseAndParameters(String contentType) throws Exception {
        assertArrayEquals(bytes("<a/>"), screen.bytes("POST", contentType, "<a/>", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "text/xmlx", "text/xml+json", "application/xml", "text", "application/soap+xml; charset=utf-8", ";text/xml"})
    void anyOtherMediaTypeIsRefused(String contentType) {
        assertEquals(Problem.UNSUPPORTED_MEDIA_TYPE, refused("POST", contentType, "<a/>", false));
    }

    @Test
    void aMissingContentTypeIsRefusedAndTheRefusalNamesWhatWasSent() {
        RequestScreen.Refused refused = assertThrows(RequestScreen.Refused.class, () -> screen.bytes("POST", null, "<a/>", false));
        assertEquals(Problem.UNSUPPORTED_MEDIA_TYPE, refused.problem());
        assertEquals("", refused.mediaType());
        RequestScreen.Refused soap12 = assertThrows(RequestScreen.Refused.class,
                () -> screen.bytes("POST", "Application/SOAP+xml; charset=utf-8", "<a/>", false));
        assertEquals("application/soap+xml", soap12.mediaType());
        assertEquals("unsupported_media_type", soap12.problem().reasonCode());
    }

    @Test
    void eachRefusalCarriesTheStatusAndWordsOfAJsonRoute() {
        RequestScreen json = new RequestScreen("POST", "application/json", 8);
        RequestScreen.Refused method = assertThrows(RequestScreen.Refused.class, () -> json.bytes("GET", "application/json", "", false));
        RequestScreen.Refused type = assertThrows(RequestScreen.Refused.class, () -> json.bytes("POST", "text/xml", "{}", false));
        RequestScreen.Refused size = assertThrows(RequestScreen.Refused.class, () -> json.bytes("POST", "application/json", "{\"a\":123}", false));
        RequestScreen.Refused base64 = assertThrows(RequestScreen.Refused.class, () -> json.bytes("POST", "application/json", "*", true));

        assertEquals(List.of(405, 415, 413, 400), List.of(method.status(), type.status(), size.status(), base64.status()));
        assertEquals(List.of("only POST is served here", "the body must be application/json", "the body is larger than 8 bytes",
                "the body is marked base64 but is not"),
                List.of(method.explanation(), type.explanation(), size.explanation(), base64.explanation()));
    }

    @Test
    void theMethodIsCheckedBeforeTheMediaTypeAndBothBeforeTheBody() {
        assertEquals(Problem.METHOD_NOT_ALLOWED, refused("GET", "application/json", "x".repeat(MAX + 1), false));
        assertEquals(Problem.UNSUPPORTED_MEDIA_TYPE, refused("POST", "application/json", "!!!", true));
    }

    @Test
    void aMissingBodyIsEmpty() throws Exception {
        assertArrayEquals(new byte[0], screen.bytes("POST", "text/xml", null, false));
        assertArrayEquals(new byte[0], screen.bytes("POST", "text/xml", null, true));
        assertArrayEquals(new byte[0], screen.bytes("POST", "text/xml", "", true));
    }

    @Test
    void aTextBodyIsMeasuredInUtf8BytesUpToTheLimitExactly() throws Exception {
        assertEquals(MAX, screen.bytes("POST", "text/xml", "x".repeat(MAX), false).length);
        assertEquals(Problem.BODY_TOO_LARGE, refused("POST", "text/xml", "x".repeat(MAX + 1), false));
        // 15 characters, 30 bytes: at the limit; one more two-byte character is over it, in bytes only
        assertEquals(MAX, screen.bytes("POST", "text/xml", "é".repeat(MAX / 2), false).length);
        assertEquals(Problem.BODY_TOO_LARGE, refused("POST", "text/xml", "é".repeat(MAX / 2) + "x", false));
    }

    @Test
    void aBase64BodyIsDecodedToTheExactBytesSent() throws Exception {
        byte[] sent = {(byte) 0xC3, (byte) 0x28, 0, (byte) 0xFF, '<'};
        assertArrayEquals(sent, screen.bytes("POST", "text/xml", Base64.getEncoder().encodeToString(sent), true));
        // unpadded, as RFC 4648 allows
        assertArrayEquals(bytes("ab"), screen.bytes("POST", "text/xml", "YWI", true));
    }

    @Test
    void aBase64BodyAtTheLimitPassesAndOneByteOverIsRefusedBeforeAndAfterDecoding() throws Exception {
        byte[] atLimit = new byte[MAX];
        Arrays.fill(atLimit, (byte) 'x');
        String encoded = Base64.getEncoder().encodeToString(atLimit);
        assertEquals(RequestScreen.encodedLength(MAX), encoded.length());
        assertArrayEquals(atLimit, screen.bytes("POST", "text/xml", encoded, true));

        // 31 bytes encode to 44 characters, longer than any encoding of 30 bytes: refused before decoding
        String oneOver = Base64.getEncoder().encodeToString(Arrays.copyOf(atLimit, MAX + 1));
        assertEquals(Problem.BODY_TOO_LARGE, refused("POST", "text/xml", oneOver, true));

        // a limit that is not a multiple of 3: 31 bytes fit the 44 characters that 32 bytes need, so only
        // the decoded size refuses 32
        RequestScreen odd = new RequestScreen("POST", "text/xml", 31);
        byte[] thirtyTwo = Arrays.copyOf(atLimit, 32);
        Arrays.fill(thirtyTwo, (byte) 'x');
        String encodedThirtyTwo = Base64.getEncoder().encodeToString(thirtyTwo);
        assertEquals(RequestScreen.encodedLength(31), encodedThirtyTwo.length(), "the same length as 31 bytes' encoding");
        RequestScreen.Refused refused = assertThrows(RequestScreen.Refused.class, () -> odd.bytes("POST", "text/xml", encodedThirtyTwo, true));
        assertEquals(Problem.BODY_TOO_LARGE, refused.problem());
        assertEquals(31, odd.bytes("POST", "text/xml", Base64.getEncoder().encodeToString(Arrays.copyOf(thirtyTwo, 31)), true).length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!!not base64!!!", "%%%%", "PD94bWw=PD94", "PD94\nbWw+", "PD94 bWw+", "PD9-bWw_", "P"})
    void invalidBase64IsRefusedNotSkipped(String body) {
        // the MIME decoder skips line breaks and characters outside the alphabet ("%%%%" decoded to nothing):
        // bytes other than those sent would be read
        assertEquals(Problem.BAD_BASE64, refused("POST", "text/xml", body, true));
    }

    @Test
    void theSameTextIsNotDecodedWhenItIsNotMarkedBase64() throws Exception {
        assertArrayEquals(bytes("YWI="), screen.bytes("POST", "text/xml", "YWI=", false));
    }

    private Problem refused(String method, String contentType, String body, boolean base64) {
        return assertThrows(RequestScreen.Refused.class, () -> screen.bytes(method, contentType, body, base64)).problem();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
