package realizar.templates.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import realizar.api.chat.ToolCallParser;
import realizar.api.chat.ToolEvent;

/**
 * What every format's parser shares: input not yet decided is kept in {@link #pending} (text that might be the
 * start of a tag is held back until the next chunk decides it), events go through an {@link EventSink}, calls are
 * numbered from 0 in the order they start. Not thread-safe: one parser per generation.
 */
abstract class StreamingToolParser implements ToolCallParser {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Input received and not yet turned into events. */
    protected final StringBuilder pending = new StringBuilder();
    private final IntFunction<String> ids;
    private EventSink sink;
    private int calls;

    StreamingToolParser(IntFunction<String> ids) {
        this.ids = ids;
    }

    @Override
    public final void feed(String chunk, Consumer<ToolEvent> events) {
        sink = new EventSink(events);
        pending.append(chunk);
        step(false);
        sink.flush();
    }

    @Override
    public final void finish(Consumer<ToolEvent> events) {
        sink = new EventSink(events);
        step(true);
        sink.flush();
    }

    /** Consumes {@link #pending} as far as it can be decided; {@code atEnd}: no more input will come. */
    protected abstract void step(boolean atEnd);

    protected final void text(CharSequence s) {
        sink.text(s);
    }

    /** Announces a call; returns its index. The id is the model's, else a generated one. */
    final int startCall(String id, String name) {
        int index = calls++;
        sink.event(new ToolEvent.CallStart(index, id != null ? id : ids.apply(index), name));
        return index;
    }

    final void argumentsDelta(int index, CharSequence delta) {
        sink.arguments(index, delta);
    }

    /** Closes {@code reader}'s call: CallEnd when it has a name and a JSON object of arguments, else an Error. */
    final void endCall(CallObjectReader reader, CharSequence raw) {
        if (!reader.hasName()) {
            error("tool call has no \"name\"", raw);
            return;
        }
        endCall(reader.index(), reader.arguments(), raw);
    }

    /** Closes call {@code index} whose complete arguments text is {@code arguments}. */
    final void endCall(int index, String arguments, CharSequence raw) {
        String problem = objectProblem(arguments);
        if (problem == null) {
            sink.event(new ToolEvent.CallEnd(index));
        } else {
            error("arguments of call " + index + " are not a JSON object: " + problem, raw);
        }
    }

    final void error(String message, CharSequence raw) {
        sink.event(new ToolEvent.Error(message, raw.toString()));
    }

    /**
     * Emits the text before the first {@code marker} in {@link #pending} and returns the marker's position (now
     * 0), or -1 when there is none: then all text is emitted except an end that could be the marker's beginning,
     * which waits for more input (unless {@code atEnd}).
     */
    protected final int textUntil(String marker, boolean atEnd) {
        int at = pending.indexOf(marker);
        if (at >= 0) {
            text(pending.subSequence(0, at));
            pending.delete(0, at);
            return 0;
        }
        int keep = atEnd ? 0 : partialSuffix(pending, marker);
        text(pending.subSequence(0, pending.length() - keep));
        pending.delete(0, pending.length() - keep);
        return -1;
    }

    /** The length of the longest end of {@code s} that is a proper beginning of {@code marker}. */
    static int partialSuffix(CharSequence s, String marker) {
        for (int k = Math.min(marker.length() - 1, s.length()); k > 0; k--) {
            boolean match = true;
            for (int i = 0; i < k && match; i++) {
                match = s.charAt(s.length() - k + i) == marker.charAt(i);
            }
            if (match) {
                return k;
            }
        }
        return 0;
    }

    private static String objectProblem(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node != null && node.isObject() ? null : "not an object";
        } catch (JsonProcessingException e) {
            return e.getOriginalMessage();
        }
    }
}
