package realizar.templates.tools;

import java.util.function.IntFunction;

/**
 * Calls written as a JSON object between tags: Hermes / Qwen / Groq {@code <tool_call>{...}</tool_call>},
 * Anthropic-style {@code <tool_use>{...}</tool_use>}. Several calls per turn, text around them. A body that is not a
 * call becomes an Error carrying the raw text, and the text goes on after the closing tag. A missing closing tag at
 * the very end of the output is forgiven.
 */
final class TaggedToolCallParser extends StreamingToolParser {
    private enum State { TEXT, BODY, AFTER_BODY, SKIP }

    private final String open;
    private final String close;
    private State state = State.TEXT;
    private CallObjectReader reader;
    private final StringBuilder raw = new StringBuilder();
    private int closeMatched;
    private String problem;

    TaggedToolCallParser(String open, String close, IntFunction<String> ids) {
        super(ids);
        this.open = open;
        this.close = close;
    }

    @Override
    protected void step(boolean atEnd) {
        while (true) {
            switch (state) {
                case TEXT -> {
                    if (textUntil(open, atEnd) < 0) {
                        return;
                    }
                    pending.delete(0, open.length());
                    raw.setLength(0);
                    raw.append(open);
                    reader = new CallObjectReader(this);
                    state = State.BODY;
                }
                case BODY -> {
                    if (!readBody()) {
                        if (atEnd) {
                            error("the output ended inside a tool call", raw);
                            state = State.TEXT;
                        }
                        return;
                    }
                }
                case AFTER_BODY -> {
                    if (!readClose()) {
                        if (atEnd) {
                            endCall(reader, raw); // the closing tag may be missing at the very end
                            state = State.TEXT;
                        }
                        return;
                    }
                }
                case SKIP -> {
                    int at = pending.indexOf(close);
                    if (at < 0) {
                        int keep = atEnd ? 0 : partialSuffix(pending, close);
                        raw.append(pending, 0, pending.length() - keep);
                        pending.delete(0, pending.length() - keep);
                        if (atEnd) {
                            error(problem, raw);
                            state = State.TEXT;
                        }
                        return;
                    }
                    raw.append(pending, 0, at + close.length());
                    pending.delete(0, at + close.length());
                    error(problem, raw);
                    state = State.TEXT;
                }
            }
        }
    }

    /** Feeds the body to the reader; false when input ran out first. */
    private boolean readBody() {
        int i = 0;
        try {
            while (i < pending.length()) {
                char c = pending.charAt(i++);
                raw.append(c);
                switch (reader.feed(c)) {
                    case DONE -> {
                        state = State.AFTER_BODY;
                        closeMatched = 0;
                        return true;
                    }
                    case ERROR -> {
                        skip(reader.error());
                        return true;
                    }
                    case MORE -> { }
                }
            }
            return false;
        } finally {
            pending.delete(0, i);
        }
    }

    /** Reads whitespace and the closing tag after the object; false when input ran out first. */
    private boolean readClose() {
        int i = 0;
        try {
            while (i < pending.length()) {
                char c = pending.charAt(i);
                if (closeMatched == 0 && JsonValueScanner.isSpace(c)) {
                    raw.append(c);
                    i++;
                } else if (c == close.charAt(closeMatched)) {
                    raw.append(c);
                    i++;
                    if (++closeMatched == close.length()) {
                        endCall(reader, raw);
                        state = State.TEXT;
                        return true;
                    }
                } else {
                    skip("expected " + close + " after the tool call object");
                    return true;
                }
            }
            return false;
        } finally {
            pending.delete(0, i);
        }
    }

    private void skip(String why) {
        problem = why;
        state = State.SKIP;
    }
}
