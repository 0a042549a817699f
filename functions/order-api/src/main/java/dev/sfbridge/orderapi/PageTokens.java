package dev.sfbridge.orderapi;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The billing history's {@code nextPageToken}: the ERP's {@code nextCursor}, opaque and of any characters, as
 * base64url of its UTF-8 bytes without padding, so that it goes back into a query string or an XML element as it
 * is and comes back to the ERP unchanged. Bounded: a cursor longer than {@link #MAX_CURSOR_BYTES} would make a token
 * that does not fit in a request line (API Gateway takes 10,240 bytes of line and headers), so the ERP's answer is
 * refused instead of handing out a token that cannot come back.
 */
final class PageTokens {
    /** The longest ERP cursor handed out: its token is 2,048 characters. */
    static final int MAX_CURSOR_BYTES = 1536;
    private static final int MAX_TOKEN_CHARS = (MAX_CURSOR_BYTES * 4 + 2) / 3;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_TOKEN_CHARS + "}");

    private PageTokens() {}

    /** The token of the ERP's cursor; null for none (the last page). */
    static String token(String cursor) throws Refusal {
        if (cursor == null) {
            return null;
        }
        byte[] bytes = cursor.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > MAX_CURSOR_BYTES) {
            throw new Refusal(502, "erp_invalid_answer", "the ERP handed out a page cursor of " + bytes.length
                    + " bytes, where 1 to " + MAX_CURSOR_BYTES + " can be passed on");
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The ERP's cursor a token stands for; null for none (the first page). */
    static String cursor(String token) throws Refusal {
        if (token == null) {
            return null;
        }
        if (!TOKEN.matcher(token).matches()) {
            throw invalid();
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(token)))
                    .toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw invalid();
        }
    }

    private static Refusal invalid() {
        return Refusal.badRequest("invalid_page_token", "pageToken must be the nextPageToken of an earlier page");
    }
}
