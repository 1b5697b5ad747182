package realizar.templates.tools;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Finds where one JSON value ends in text that arrives a character at a time: tracks nesting and strings, nothing
 * more (the complete value is validated once it has ended). A number or literal at the top level ends at the first
 * character that cannot continue it, which is then not part of the value.
 */
final class JsonValueScanner {
    enum Step {
        /** The character belongs to the value, which goes on. */
        MORE,
        /** The character ends the value and belongs to it. */
        DONE_WITH,
        /** The value ended before the character, which is not part of it. */
        DONE_BEFORE,
        /** The character cannot be JSON here. */
        ERROR
    }

    private final Deque<Character> open = new ArrayDeque<>();
    private boolean started;
    private boolean inString;
    private boolean escaped;
    private boolean inBare;

    Step feed(char c) {
        if (!started) {
            if (isSpace(c)) {
                return Step.MORE;
            }
            started = true;
        } else if (inString) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
                return open.isEmpty() ? Step.DONE_WITH : Step.MORE;
            }
            return Step.MORE;
        } else if (inBare) {
            if (Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.') {
                return Step.MORE;
            }
            inBare = false;
            if (open.isEmpty()) {
                return Step.DONE_BEFORE;
            }
        }
        return structural(c);
    }

    private Step structural(char c) {
        switch (c) {
            case '"' -> inString = true;
            case '{', '[' -> open.push(c);
            case '}', ']' -> {
                if (open.isEmpty() || open.pop() != (c == '}' ? '{' : '[')) {
                    return Step.ERROR;
                }
                return open.isEmpty() ? Step.DONE_WITH : Step.MORE;
            }
            case ',', ':' -> {
                if (open.isEmpty()) {
                    return Step.ERROR;
                }
            }
            default -> {
                if (isSpace(c)) {
                    return Step.MORE;
                }
                if (c == '-' || Character.isDigit(c) || c == 't' || c == 'f' || c == 'n') {
                    inBare = true;
                } else {
                    return Step.ERROR;
                }
            }
        }
        return Step.MORE;
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }
}
