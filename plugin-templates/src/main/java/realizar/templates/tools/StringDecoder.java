package realizar.templates.tools;

/** Decodes the inside of a JSON string a character at a time (the opening quote already read). */
final class StringDecoder {
    private boolean escaped;
    private int hexLeft;
    private int hexValue;

    void reset() {
        escaped = false;
        hexLeft = 0;
        hexValue = 0;
    }

    /** Appends what {@code c} decodes to; true when {@code c} is the closing quote. */
    boolean feed(char c, StringBuilder out) {
        if (hexLeft > 0) {
            hexValue = hexValue * 16 + Character.digit(c, 16);
            if (--hexLeft == 0) {
                out.append((char) hexValue);
            }
            return false;
        }
        if (escaped) {
            escaped = false;
            switch (c) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    hexLeft = 4;
                    hexValue = 0;
                }
                default -> out.append(c);
            }
            return false;
        }
        if (c == '\\') {
            escaped = true;
            return false;
        }
        if (c == '"') {
            return true;
        }
        out.append(c);
        return false;
    }
}
