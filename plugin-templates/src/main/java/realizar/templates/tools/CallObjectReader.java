package realizar.templates.tools;

import java.util.Set;

/**
 * Reads one tool call written as a JSON object ({@code {"name": "f", "arguments": {...}}}) a character at a time and
 * reports it as it goes: the call starts when its name is complete, and the arguments stream as the model writes
 * them (arguments written before the name are held until then; arguments given as a JSON string are decoded).
 * Accepts {@code arguments}, {@code parameters} or {@code input} for the arguments and {@code id} for the call id;
 * other keys are skipped.
 */
final class CallObjectReader {
    enum Result { MORE, DONE, ERROR }

    private static final Set<String> ARGUMENT_KEYS = Set.of("arguments", "parameters", "input");

    private enum State { BEFORE_OBJECT, BEFORE_KEY, KEY, AFTER_KEY, BEFORE_VALUE, STRING_VALUE, ARGUMENTS_RAW,
        ARGUMENTS_STRING, SKIP_VALUE, AFTER_VALUE, DONE }

    private final StreamingToolParser parser;
    private State state = State.BEFORE_OBJECT;
    private final StringBuilder token = new StringBuilder();
    private final StringBuilder heldArguments = new StringBuilder();
    private final StringBuilder allArguments = new StringBuilder();
    private final StringDecoder decoder = new StringDecoder();
    private String key;
    private JsonValueScanner scanner;
    private String name;
    private String id;
    private boolean argumentsSeen;
    private int index = -1;
    private String error;

    CallObjectReader(StreamingToolParser parser) {
        this.parser = parser;
    }

    /** Whether the call has been announced with a CallStart. */
    boolean started() {
        return index >= 0;
    }

    boolean hasName() {
        return name != null;
    }

    int index() {
        return index;
    }

    String error() {
        return error;
    }

    /** The arguments text, complete once the object is done. */
    String arguments() {
        return allArguments.toString();
    }

    Result feed(char c) {
        switch (state) {
            case BEFORE_OBJECT -> {
                if (JsonValueScanner.isSpace(c)) {
                    return Result.MORE;
                }
                return c == '{' ? next(State.BEFORE_KEY) : fail("a tool call must be a JSON object");
            }
            case BEFORE_KEY -> {
                if (JsonValueScanner.isSpace(c) || c == ',') {
                    return Result.MORE;
                }
                if (c == '}') {
                    return done();
                }
                token.setLength(0);
                decoder.reset();
                return c == '"' ? next(State.KEY) : fail("expected a key in the tool call object");
            }
            case KEY -> {
                if (decoder.feed(c, token)) {
                    key = token.toString();
                    return next(State.AFTER_KEY);
                }
                return Result.MORE;
            }
            case AFTER_KEY -> {
                if (JsonValueScanner.isSpace(c)) {
                    return Result.MORE;
                }
                return c == ':' ? next(State.BEFORE_VALUE) : fail("expected ':' after key \"" + key + "\"");
            }
            case BEFORE_VALUE -> {
                return valueStart(c);
            }
            case STRING_VALUE -> {
                if (decoder.feed(c, token)) {
                    stringValue(token.toString());
                    return next(State.AFTER_VALUE);
                }
                return Result.MORE;
            }
            case ARGUMENTS_STRING -> {
                int before = token.length();
                boolean end = decoder.feed(c, token);
                if (token.length() > before) {
                    arguments(token.substring(before));
                }
                return end ? next(State.AFTER_VALUE) : Result.MORE;
            }
            case ARGUMENTS_RAW, SKIP_VALUE -> {
                JsonValueScanner.Step step = scanner.feed(c);
                boolean arguments = state == State.ARGUMENTS_RAW;
                return switch (step) {
                    case MORE -> {
                        if (arguments) {
                            arguments(String.valueOf(c));
                        }
                        yield Result.MORE;
                    }
                    case DONE_WITH -> {
                        if (arguments) {
                            arguments(String.valueOf(c));
                        }
                        yield next(State.AFTER_VALUE);
                    }
                    case DONE_BEFORE -> {
                        state = State.AFTER_VALUE;
                        yield feed(c);
                    }
                    case ERROR -> fail("malformed JSON in the value of \"" + key + "\"");
                };
            }
            case AFTER_VALUE -> {
                if (JsonValueScanner.isSpace(c)) {
                    return Result.MORE;
                }
                if (c == ',') {
                    return next(State.BEFORE_KEY);
                }
                return c == '}' ? done() : fail("expected ',' or '}' after the value of \"" + key + "\"");
            }
            default -> {
                return fail("text after the end of the tool call object");
            }
        }
    }

    private Result valueStart(char c) {
        if (JsonValueScanner.isSpace(c)) {
            return Result.MORE;
        }
        token.setLength(0);
        decoder.reset();
        if (key.equals("name") || key.equals("id")) {
            return c == '"' ? next(State.STRING_VALUE) : fail("\"" + key + "\" must be a string");
        }
        if (ARGUMENT_KEYS.contains(key) && !argumentsSeen) {
            argumentsSeen = true;
            if (c == '"') {
                return next(State.ARGUMENTS_STRING);
            }
            scanner = new JsonValueScanner();
            state = State.ARGUMENTS_RAW;
            return feed(c);
        }
        scanner = new JsonValueScanner();
        state = State.SKIP_VALUE;
        return feed(c);
    }

    private void stringValue(String value) {
        if (key.equals("id")) {
            id = value;
            return;
        }
        if (name == null) {
            name = value;
            index = parser.startCall(id, name);
            if (!heldArguments.isEmpty()) {
                parser.argumentsDelta(index, heldArguments);
                heldArguments.setLength(0);
            }
        }
    }

    private void arguments(String delta) {
        allArguments.append(delta);
        if (started()) {
            parser.argumentsDelta(index, delta);
        } else {
            heldArguments.append(delta);
        }
    }

    private Result done() {
        state = State.DONE;
        if (name != null && !argumentsSeen) {
            argumentsSeen = true;
            arguments("{}");
        }
        return Result.DONE;
    }

    private Result next(State s) {
        state = s;
        return Result.MORE;
    }

    private Result fail(String message) {
        error = message;
        return Result.ERROR;
    }
}
