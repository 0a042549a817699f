package dev.sfbridge.queue;

/**
 * The characters an SQS message may hold: those of XML 1.0, {@code #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD |
 * #x10000-#x10FFFF}. SQS refuses a message with any other ({@code InvalidMessageContents}, a sender fault), and
 * sending it again fails the same way (docs/order-worker.md, "Text a queue cannot carry").
 */
public final class MessageCharacters {
    private static final int REPLACEMENT = 0xFFFD;

    private MessageCharacters() {}

    /** The first code point of {@code text} SQS refuses, or -1 when it has none; an unpaired surrogate counts as one. */
    public static int firstRefused(String text) {
        return text.codePoints().filter(c -> !allowed(c)).findFirst().orElse(-1);
    }

    /**
     * {@code text} with each code point SQS refuses, an unpaired surrogate included, replaced by U+FFFD: text from
     * elsewhere (an ERP's error message, AWS's) made fit for a message attribute, which SQS holds to the body's rules.
     */
    public static String replaceRefused(String text) {
        StringBuilder fit = new StringBuilder(text.length());
        text.codePoints().forEach(c -> fit.appendCodePoint(allowed(c) ? c : REPLACEMENT));
        return fit.toString();
    }

    /** The first {@code max} code points of {@code text} and "…" when there were more: a pair of surrogates is never split. */
    public static String shortened(String text, int max) {
        return text.codePointCount(0, text.length()) > max ? text.substring(0, text.offsetByCodePoints(0, max)) + "…" : text;
    }

    private static boolean allowed(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }
}
