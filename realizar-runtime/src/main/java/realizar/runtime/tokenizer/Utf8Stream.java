package realizar.runtime.tokenizer;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns the bytes of generated tokens, fed one token at a time, into text: returns only complete UTF-8 characters
 * and holds back a trailing sequence that the next token may complete (a byte-fallback emoji arrives as four
 * {@code <0xNN>} tokens). Bytes that can never form a character come out as U+FFFD, as {@link Tokenizer#decode}
 * would give them, so the concatenated output of {@link #push} and {@link #finish} equals {@code decode} of all ids.
 *
 * <p>Not thread-safe: one instance per generated stream.
 */
public final class Utf8Stream {
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private byte[] pending = new byte[0];

    /** Appends {@code bytes} and returns the text that is now complete (possibly empty). */
    public String push(byte[] bytes) {
        byte[] all = pending.length == 0 ? bytes : concat(pending, bytes);
        int complete = completePrefix(all);
        pending = Arrays.copyOfRange(all, complete, all.length);
        return decode(all, complete);
    }

    /** Ends the stream: returns the held-back bytes as text (U+FFFD for an unfinished sequence) and resets. */
    public String finish() {
        String rest = decode(pending, pending.length);
        pending = new byte[0];
        return rest;
    }

    /** Whether bytes are being held back waiting for the rest of a character. */
    public boolean hasPending() {
        return pending.length > 0;
    }

    /**
     * Length of the longest prefix that does not end inside a UTF-8 sequence that could still become valid: the
     * tail from the last lead byte is held back when it is shorter than the lead announces and every byte so far
     * is allowed there (second-byte limits after E0, ED, F0, F4 as in Unicode's well-formed table).
     */
    static int completePrefix(byte[] b) {
        int n = b.length;
        for (int back = 1; back <= 3 && back <= n; back++) {
            int lead = b[n - back] & 0xFF;
            if (lead < 0x80) {
                return n;
            }
            if (lead >= 0xC0) {
                int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
                if (lead < 0xC2 || lead > 0xF4 || back >= need) {
                    return n;
                }
                for (int k = 1; k < back; k++) {
                    int c = b[n - back + k] & 0xFF;
                    int lo = 0x80;
                    int hi = 0xBF;
                    if (k == 1) {
                        if (lead == 0xE0) {
                            lo = 0xA0;
                        } else if (lead == 0xED) {
                            hi = 0x9F;
                        } else if (lead == 0xF0) {
                            lo = 0x90;
                        } else if (lead == 0xF4) {
                            hi = 0x8F;
                        }
                    }
                    if (c < lo || c > hi) {
                        return n;
                    }
                }
                return n - back;
            }
        }
        return n;
    }

    private String decode(byte[] bytes, int length) {
        if (length == 0) {
            return "";
        }
        try {
            decoder.reset();
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, 0, length));
            return chars.toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException("a replacing UTF-8 decoder cannot fail", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
