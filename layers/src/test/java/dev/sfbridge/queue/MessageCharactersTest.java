package dev.sfbridge.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MessageCharactersTest {

    @Test
    void theEdgesOfEachAllowedRangeAreKeptAndTheirNeighboursRefused() {
        for (int allowed : new int[] {0x9, 0xA, 0xD, 0x20, 0xD7FF, 0xE000, 0xFFFD, 0x10000, 0x10FFFF}) {
            assertEquals(-1, MessageCharacters.firstRefused("a" + Character.toString(allowed) + "b"), Integer.toHexString(allowed));
        }
        for (int refused : new int[] {0x0, 0x8, 0xB, 0xC, 0xE, 0x1F, 0xFFFE, 0xFFFF}) {
            assertEquals(refused, MessageCharacters.firstRefused("a" + Character.toString(refused) + "b"), Integer.toHexString(refused));
        }
    }

    @Test
    void anUnpairedSurrogateIsRefusedAndAPairIsOneCharacter() {
        assertEquals(0xD800, MessageCharacters.firstRefused("SO-\uD800"));
        assertEquals(0xDC00, MessageCharacters.firstRefused("\uDC00\uD83D"), "a low surrogate before a high one pairs with nothing");
        assertEquals(-1, MessageCharacters.firstRefused("SO-\uD83D\uDE00"));
    }

    @Test
    void theFirstRefusedCharacterIsNamed() {
        assertEquals(0xFFFF, MessageCharacters.firstRefused("ok\uFFFF then \u0001"));
        assertEquals(-1, MessageCharacters.firstRefused(""));
    }

    @Test
    void eachRefusedCodePointIsReplacedAndTheRestKept() {
        assertEquals("bell\uFFFD in name, \uFFFDlone and \uD83D\uDE80 pair\uFFFD",
                MessageCharacters.replaceRefused("bell\u0007 in name, \uD800lone and \uD83D\uDE80 pair\uFFFF"));
        assertEquals(-1, MessageCharacters.firstRefused(MessageCharacters.replaceRefused("\uDC00\uD83D\u0000")));
    }

    @Test
    void aShortenedTextKeepsWholeCodePoints() {
        assertEquals("ab\uD83D\uDE80…", MessageCharacters.shortened("ab\uD83D\uDE80cd", 3));
        assertEquals("ab\uD83D\uDE80", MessageCharacters.shortened("ab\uD83D\uDE80", 3), "three code points, four chars: not cut");
        assertEquals("", MessageCharacters.shortened("", 3));
    }
}
