package realizar.api.chat;

import java.util.List;

import realizar.api.Provider;

/**
 * One way models write tool calls (OpenAI JSON, Hermes {@code <tool_call>}, Mistral {@code [TOOL_CALLS]}, ...).
 * Service provider interface; stateless and thread-safe.
 */
public interface ToolFormat extends Provider {
    /** The text that tells the model about {@code tools}, for templates that do not do it themselves. */
    String describeTools(List<ToolSpec> tools);

    /** A new parser for one generation's output. */
    ToolCallParser newParser();
}
