package realizar.api.chat;

import java.util.function.Consumer;

/**
 * Reads model output chunk by chunk and reports text and tool calls. The events are the same whatever the chunk
 * boundaries. Not thread-safe: one parser per generation.
 */
public interface ToolCallParser {
    void feed(String chunk, Consumer<ToolEvent> events);

    /** The output has ended: flush held-back text, report an unfinished call as an error. */
    void finish(Consumer<ToolEvent> events);
}
