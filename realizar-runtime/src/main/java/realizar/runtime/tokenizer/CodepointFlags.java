package realizar.runtime.tokenizer;

import java.text.Normalizer;

/**
 * Per-codepoint classes as llama.cpp's {@code unicode_cpt_flags} defines them (src/unicode.h): one general-category
 * bit (\p{N}, \p{L}, \p{Z}, \p{M}, \p{P}, \p{S}, \p{C} or undefined) plus a white-space bit from the Unicode
 * White_Space property. A position outside the text has no bits at all, which the pre-tokenizers rely on.
 *
 * <p>The categories come from the JDK's Unicode tables (Unicode 16 in JDK 25); llama.cpp's generated table is an
 * older Unicode version, so codepoints assigned since then are "undefined" there and classified here.
 */
final class CodepointFlags {
    static final int UNDEFINED = 0x0001;
    static final int NUMBER = 0x0002;
    static final int LETTER = 0x0004;
    static final int SEPARATOR = 0x0008;
    static final int ACCENT_MARK = 0x0010;
    static final int PUNCTUATION = 0x0020;
    static final int SYMBOL = 0x0040;
    static final int CONTROL = 0x0080;
    static final int CATEGORIES = 0x00FF;
    static final int WHITESPACE = 0x0100;

    private CodepointFlags() {
    }

    static int of(int cp) {
        int flags = category(cp);
        if (isWhitespace(cp)) {
            flags |= WHITESPACE;
        }
        return flags;
    }

    static boolean isLetter(int flags) {
        return (flags & LETTER) != 0;
    }

    static boolean isNumber(int flags) {
        return (flags & NUMBER) != 0;
    }

    static boolean isWhitespaceFlag(int flags) {
        return (flags & WHITESPACE) != 0;
    }

    /** The White_Space property, exactly the set llama.cpp's {@code unicode_set_whitespace} lists. */
    static boolean isWhitespace(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F
                || cp == 0x3000;
    }

    private static int category(int cp) {
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER -> LETTER;
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK -> ACCENT_MARK;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> NUMBER;
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> SEPARATOR;
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE -> CONTROL;
            case Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                 Character.CONNECTOR_PUNCTUATION, Character.OTHER_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                 Character.FINAL_QUOTE_PUNCTUATION -> PUNCTUATION;
            case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                 Character.OTHER_SYMBOL -> SYMBOL;
            default -> UNDEFINED;
        };
    }

    /** llama.cpp's {@code unicode_tolower}: the simple lowercase mapping (U+0130 goes to 'i'). */
    static int toLower(int cp) {
        return Character.toLowerCase(cp);
    }

    /**
     * llama.cpp's {@code unicode_cpts_normalize_nfd} for one codepoint: the first codepoint of its NFD decomposition,
     * so a precomposed letter loses its accents ("Ä" becomes "A") and nothing is inserted.
     */
    static int nfdFirst(int cp) {
        if (cp < 0xC0) {
            return cp;
        }
        String nfd = Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFD);
        return nfd.codePointAt(0);
    }
}
