package realizar.runtime.grammar;

/** Quoting helpers for writing GBNF text (used by the printers and by the JSON Schema converter). */
final class Gbnf {
    private Gbnf() {
    }

    /** A GBNF string literal, {@code "..."}, matching exactly {@code text}. */
    static String literal(String text) {
        StringBuilder sb = new StringBuilder("\"");
        text.codePoints().forEach(cp -> sb.append(cp == '[' || cp == ']' || cp == '-' || cp == '^' ? Character.toString(cp) : escape(cp)));
        return sb.append('"').toString();
    }

    /** One code point as it may appear inside a literal or a character class. */
    static String escape(int cp) {
        return switch (cp) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case '\\' -> "\\\\";
            case '"' -> "\\\"";
            case '[' -> "\\[";
            case ']' -> "\\]";
            case '-' -> "\\-";
            case '^' -> "\\^";
            default -> {
                if (cp < 0x20 || cp == 0x7F) {
                    yield String.format("\\x%02X", cp);
                }
                if (cp >= 0xD800 && cp <= 0xDFFF) {
                    yield String.format("\\u%04X", cp);
                }
                yield Character.toString(cp);
            }
        };
    }
}
