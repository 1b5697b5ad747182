package realizar.runtime.grammar;

/**
 * Incremental UTF-8 decoding for the matcher, one byte at a time. A partial sequence is a value (the bits so far)
 * and a packed {@code pending} int: total length in bits 4..7, continuation bytes still missing in bits 0..3.
 * Overlong forms, surrogates and code points past U+10FFFF are invalid, as in a strict decoder.
 */
final class Utf8 {
    private Utf8() {
    }

    static int pending(int length, int remaining) {
        return length << 4 | remaining;
    }

    static int remaining(int pending) {
        return pending & 0xF;
    }

    static int length(int pending) {
        return pending >>> 4;
    }

    /** Sequence length announced by a lead byte, or 0 when {@code b} cannot start a sequence. */
    static int leadLength(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            return 2;
        }
        if (b >= 0xE0 && b <= 0xEF) {
            return 3;
        }
        if (b >= 0xF0 && b <= 0xF4) {
            return 4;
        }
        return 0;
    }

    static int leadBits(int b, int length) {
        return b & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07);
    }

    static int minCodePoint(int length) {
        return length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
    }

    static int maxCodePoint(int length) {
        return length == 2 ? 0x7FF : length == 3 ? 0xFFFF : CharSet.MAX_CODE_POINT;
    }

    /** Lowest valid code point that starts with these bits, or -1 when none does. */
    static int rangeLow(int value, int length, int remaining) {
        int lo = Math.max(value << (6 * remaining), minCodePoint(length));
        int hi = rangeHigh(value, length, remaining);
        if (lo > hi || lo >= 0xD800 && hi <= 0xDFFF) {
            return -1;
        }
        return lo;
    }

    static int rangeHigh(int value, int length, int remaining) {
        return Math.min(value << (6 * remaining) | ((1 << (6 * remaining)) - 1), maxCodePoint(length));
    }

    /** Whether a finished sequence is a valid scalar value of its length. */
    static boolean valid(int cp, int length) {
        return cp >= minCodePoint(length) && (cp < 0xD800 || cp > 0xDFFF) && cp <= CharSet.MAX_CODE_POINT;
    }
}
