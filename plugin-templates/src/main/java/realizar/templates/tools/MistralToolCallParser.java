package realizar.templates.tools;

import java.util.function.IntFunction;

/**
 * Mistral's calls after {@code [TOOL_CALLS]}: a JSON array of call objects (v3, Nemo:
 * {@code [TOOL_CALLS][{"name": ..., "arguments": {...}, "id": "..."}]}), a single object, or Mistral Small 3.x's
 * {@code [TOOL_CALLS]name[CALL_ID]id[ARGS]{...}} (one marker per call). Malformed calls become an Error holding the
 * raw text up to and including the first character that cannot belong to a call; text goes on after it.
 */
final class MistralToolCallParser extends StreamingToolParser {
    static final String MARKER = "[TOOL_CALLS]";
    private static final String ARGS = "[ARGS]";
    private static final String CALL_ID = "[CALL_ID]";

    private enum State { TEXT, START, BEFORE_ELEMENT, ELEMENT, AFTER_ELEMENT, NAME, MARK, ID, ARGUMENTS }

    private State state = State.TEXT;
    private boolean single;
    private CallObjectReader reader;
    private final StringBuilder raw = new StringBuilder();
    private final StringBuilder word = new StringBuilder();
    private String name;
    private String id;
    private JsonValueScanner scanner;
    private final StringBuilder arguments = new StringBuilder();
    private int index;

    MistralToolCallParser(IntFunction<String> ids) {
        super(ids);
    }

    @Override
    protected void step(boolean atEnd) {
        while (true) {
            if (state == State.TEXT) {
                if (textUntil(MARKER, atEnd) < 0) {
                    return;
                }
                pending.delete(0, MARKER.length());
                raw.setLength(0);
                raw.append(MARKER);
                state = State.START;
                continue;
            }
            if (pending.isEmpty()) {
                if (atEnd) {
                    error("the output ended inside a tool call", raw);
                    state = State.TEXT;
                }
                return;
            }
            char c = pending.charAt(0);
            pending.deleteCharAt(0);
            raw.append(c);
            if (!consume(c)) {
                raw.setLength(raw.length() - 1); // c decided nothing: it goes back to be read as text
                pending.insert(0, c);
            }
        }
    }

    /** Handles one character of a call; false when it ends the call region without belonging to it. */
    private boolean consume(char c) {
        switch (state) {
            case START -> {
                if (JsonValueScanner.isSpace(c)) {
                    return true;
                }
                if (c == '[') {
                    single = false;
                    state = State.BEFORE_ELEMENT;
                } else if (c == '{') {
                    single = true;
                    startElement(c);
                } else if (Character.isLetter(c) || c == '_') {
                    word.setLength(0);
                    word.append(c);
                    id = null;
                    state = State.NAME;
                } else {
                    fail("expected '[', '{' or a function name after " + MARKER);
                }
            }
            case BEFORE_ELEMENT -> {
                if (c == '{') {
                    startElement(c);
                } else if (c == ']') {
                    state = State.TEXT;
                } else if (!JsonValueScanner.isSpace(c)) {
                    fail("expected a call object in the " + MARKER + " list");
                }
            }
            case ELEMENT -> {
                switch (reader.feed(c)) {
                    case DONE -> {
                        endCall(reader, raw);
                        state = single ? State.TEXT : State.AFTER_ELEMENT;
                    }
                    case ERROR -> fail(reader.error());
                    case MORE -> { }
                }
            }
            case AFTER_ELEMENT -> {
                if (c == ',') {
                    state = State.BEFORE_ELEMENT;
                } else if (c == ']') {
                    state = State.TEXT;
                } else if (!JsonValueScanner.isSpace(c)) {
                    fail("expected ',' or ']' in the " + MARKER + " list");
                }
            }
            case NAME, ID -> {
                if (c == '[') {
                    if (state == State.NAME) {
                        name = word.toString();
                    } else {
                        id = word.toString();
                    }
                    word.setLength(0);
                    word.append(c);
                    state = State.MARK;
                } else {
                    word.append(c);
                }
            }
            case MARK -> {
                word.append(c);
                String w = word.toString();
                if (w.equals(ARGS)) {
                    index = startCall(id, name);
                    scanner = new JsonValueScanner();
                    arguments.setLength(0);
                    state = State.ARGUMENTS;
                } else if (w.equals(CALL_ID) && id == null) {
                    word.setLength(0);
                    state = State.ID;
                } else if (!ARGS.startsWith(w) && !CALL_ID.startsWith(w)) {
                    fail("expected " + ARGS + " after the function name");
                }
            }
            case ARGUMENTS -> {
                switch (scanner.feed(c)) {
                    case MORE -> addArguments(c);
                    case DONE_WITH -> {
                        addArguments(c);
                        endCall(index, arguments.toString(), raw);
                        state = State.TEXT;
                    }
                    case DONE_BEFORE -> {
                        raw.setLength(raw.length() - 1);
                        endCall(index, arguments.toString(), raw);
                        state = State.TEXT;
                        return false;
                    }
                    case ERROR -> fail("malformed JSON in the arguments of " + name);
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
        return true;
    }

    private void startElement(char brace) {
        reader = new CallObjectReader(this);
        reader.feed(brace);
        state = State.ELEMENT;
    }

    private void addArguments(char c) {
        arguments.append(c);
        argumentsDelta(index, String.valueOf(c));
    }

    private void fail(String message) {
        error(message, raw);
        state = State.TEXT;
    }
}
