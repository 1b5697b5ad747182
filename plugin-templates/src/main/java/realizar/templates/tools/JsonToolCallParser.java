package realizar.templates.tools;

import java.util.function.IntFunction;

/**
 * Calls written as bare JSON: the OpenAI-style {@code {"name": ..., "arguments": {...}}} (or a list of them) when it
 * is the whole reply, and Llama 3's {@code {"name": ..., "parameters": {...}}}, at the start of the reply or after
 * {@code <|python_tag|>}. A reply is only read as calls when its first non-blank character opens a JSON object (or,
 * for OpenAI, a list); a complete object without a {@code name} there is plain text. Calls may follow each other,
 * separated by blanks, {@code ,} or {@code ;}; what follows the last call is text.
 */
final class JsonToolCallParser extends StreamingToolParser {
    static final String PYTHON_TAG = "<|python_tag|>";

    private enum State { BEGIN, TEXT, AFTER_TAG, OBJECT, AFTER_OBJECT, LIST, LIST_ELEMENT, AFTER_LIST_ELEMENT, BUILTIN }

    private final boolean pythonTag;
    private State state = State.BEGIN;
    private CallObjectReader reader;
    private boolean tagged;
    private final StringBuilder raw = new StringBuilder();
    /** Blanks and separators after a call: dropped before another call, text before text. */
    private final StringBuilder separator = new StringBuilder();

    /** @param pythonTag Llama 3: calls may also follow {@code <|python_tag|>} anywhere; lists are not calls */
    JsonToolCallParser(boolean pythonTag, IntFunction<String> ids) {
        super(ids);
        this.pythonTag = pythonTag;
    }

    @Override
    protected void step(boolean atEnd) {
        while (true) {
            switch (state) {
                case BEGIN -> {
                    int i = 0;
                    while (i < pending.length() && JsonValueScanner.isSpace(pending.charAt(i))) {
                        i++;
                    }
                    if (i == pending.length()) {
                        if (atEnd) {
                            text(pending);
                            pending.setLength(0);
                        }
                        return;
                    }
                    char c = pending.charAt(i);
                    if (c == '{' || (c == '[' && !pythonTag)) {
                        pending.delete(0, i);
                        state = c == '{' ? State.OBJECT : State.LIST;
                        startRaw(false);
                        if (c == '[') {
                            raw.append(pending.charAt(0));
                            pending.deleteCharAt(0);
                        }
                    } else {
                        state = State.TEXT;
                    }
                }
                case TEXT -> {
                    if (!pythonTag) {
                        text(pending);
                        pending.setLength(0);
                        return;
                    }
                    if (textUntil(PYTHON_TAG, atEnd) < 0) {
                        return;
                    }
                    pending.delete(0, PYTHON_TAG.length());
                    startRaw(true);
                    raw.append(PYTHON_TAG);
                    state = State.AFTER_TAG;
                }
                default -> {
                    if (pending.isEmpty()) {
                        if (atEnd) {
                            atEndInCall();
                        }
                        return;
                    }
                    char c = pending.charAt(0);
                    pending.deleteCharAt(0);
                    if (!consume(c)) {
                        pending.insert(0, c);
                    }
                }
            }
        }
    }

    private void startRaw(boolean afterTag) {
        raw.setLength(0);
        tagged = afterTag;
        reader = null;
    }

    /** One character inside the call region; false when it belongs to the text after it. */
    private boolean consume(char c) {
        switch (state) {
            case AFTER_TAG -> {
                raw.append(c);
                if (c == '{') {
                    reader = new CallObjectReader(this);
                    reader.feed(c);
                    state = State.OBJECT;
                } else if (!JsonValueScanner.isSpace(c)) {
                    state = State.BUILTIN; // brave_search.call(query="...") and the like
                }
            }
            case OBJECT, LIST_ELEMENT -> {
                raw.append(c);
                if (reader == null) {
                    reader = new CallObjectReader(this);
                }
                switch (reader.feed(c)) {
                    case DONE -> {
                        separator.setLength(0);
                        finishObject();
                        state = state == State.OBJECT ? State.AFTER_OBJECT : State.AFTER_LIST_ELEMENT;
                    }
                    case ERROR -> {
                        error(reader.error(), raw);
                        state = State.TEXT;
                    }
                    case MORE -> { }
                }
            }
            case AFTER_OBJECT -> {
                if (c == '{') {
                    separator.setLength(0);
                    startRaw(tagged);
                    state = State.OBJECT;
                    return consume(c);
                }
                if (!(JsonValueScanner.isSpace(c) || c == ';' || c == ',')) {
                    text(separator);
                    separator.setLength(0);
                    state = State.TEXT;
                    return false;
                }
                separator.append(c);
            }
            case LIST, AFTER_LIST_ELEMENT -> {
                raw.append(c);
                if (c == '{' && state == State.LIST) {
                    reader = null;
                    state = State.LIST_ELEMENT;
                    raw.setLength(raw.length() - 1);
                    return consume(c);
                } else if (c == ',' && state == State.AFTER_LIST_ELEMENT) {
                    state = State.LIST;
                } else if (c == ']') {
                    state = State.AFTER_OBJECT;
                } else if (!JsonValueScanner.isSpace(c)) {
                    error("expected a call object in the list of calls", raw);
                    state = State.TEXT;
                }
            }
            case BUILTIN -> raw.append(c);
            default -> throw new IllegalStateException(state.name());
        }
        return true;
    }

    /** A complete object: a call, or (when not after a tag) text that merely looked like one. */
    private void finishObject() {
        if (reader.hasName()) {
            endCall(reader, raw);
        } else if (tagged) {
            error("tool call has no \"name\"", raw);
        } else {
            text(raw);
        }
        raw.setLength(0);
        reader = null;
    }

    private void atEndInCall() {
        switch (state) {
            case AFTER_OBJECT -> { }
            case BUILTIN -> error("built-in tool call syntax after " + PYTHON_TAG + " is not supported", raw);
            default -> error("the output ended inside a tool call", raw);
        }
        state = State.TEXT;
    }
}
