package realizar.runtime.tokenizer;

/**
 * One text fragment as codepoints, with the views llama.cpp's {@code unicode_regex_split} builds for its regexes:
 * the flags of every codepoint, the "collapsed" text (each codepoint one char: ASCII as is, other white space as
 * U+000B, everything else a marker char for its category) and the "wide" text (the codepoints, other white space as
 * U+000B). The views are built on first use; an instance lives inside one encode call.
 */
final class CodepointText {
    /** Collapsed markers, llama.cpp's {@code k_ucat_cpt}: other, \p{N}, \p{L}, \p{P}, \p{M}, \p{S}. */
    static final char OTHER = '\u00D0';
    static final char NUMBER = '\u00D1';
    static final char LETTER = '\u00D2';
    static final char PUNCTUATION = '\u00D3';
    static final char ACCENT_MARK = '\u00D4';
    static final char SYMBOL = '\u00D5';

    final int[] cps;
    private int[] flags;
    private String collapsed;
    private String wide;
    private int[] wideCpToChar;
    private int[] wideCharToCp;

    CodepointText(String text) {
        this.cps = text.codePoints().map(cp -> Character.isSurrogate((char) cp) && cp < 0x10000 ? 0xFFFD : cp)
                .toArray();
    }

    int length() {
        return cps.length;
    }

    int[] flags() {
        if (flags == null) {
            int[] f = new int[cps.length];
            for (int i = 0; i < cps.length; i++) {
                f[i] = CodepointFlags.of(cps[i]);
            }
            flags = f;
        }
        return flags;
    }

    String collapsed() {
        if (collapsed == null) {
            int[] f = flags();
            char[] out = new char[cps.length];
            for (int i = 0; i < cps.length; i++) {
                int cp = cps[i];
                if (cp < 128) {
                    out[i] = (char) cp;
                } else if (CodepointFlags.isWhitespaceFlag(f[i])) {
                    out[i] = '\u000B';
                } else {
                    out[i] = switch (f[i] & CodepointFlags.CATEGORIES) {
                        case CodepointFlags.NUMBER -> NUMBER;
                        case CodepointFlags.LETTER -> LETTER;
                        case CodepointFlags.PUNCTUATION -> PUNCTUATION;
                        case CodepointFlags.ACCENT_MARK -> ACCENT_MARK;
                        case CodepointFlags.SYMBOL -> SYMBOL;
                        default -> OTHER;
                    };
                }
            }
            collapsed = new String(out);
        }
        return collapsed;
    }

    String wide() {
        if (wide == null) {
            StringBuilder sb = new StringBuilder(cps.length + 8);
            int[] cpToChar = new int[cps.length + 1];
            int[] charToCp = new int[cps.length * 2 + 1];
            for (int i = 0; i < cps.length; i++) {
                int cp = cps[i];
                if (cp > 0x7F && CodepointFlags.isWhitespace(cp)) {
                    cp = 0x0B;
                }
                cpToChar[i] = sb.length();
                charToCp[sb.length()] = i;
                sb.appendCodePoint(cp);
                charToCp[sb.length() - 1] = i;
            }
            cpToChar[cps.length] = sb.length();
            charToCp[sb.length()] = cps.length;
            wideCpToChar = cpToChar;
            wideCharToCp = charToCp;
            wide = sb.toString();
        }
        return wide;
    }

    /** Char index in {@link #wide()} of a codepoint index (0..length). */
    int wideCharIndex(int cpIndex) {
        wide();
        return wideCpToChar[cpIndex];
    }

    /** Codepoint index of a char index of {@link #wide()} that starts a codepoint (or is its end). */
    int wideCpIndex(int charIndex) {
        wide();
        return wideCharToCp[charIndex];
    }
}
