package realizar.api.chat;

import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation, as the OpenAI chat API models it.
 *
 * @param role       {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content    the text; may be null for an assistant turn that only calls tools
 * @param toolCalls  calls an assistant turn made; empty otherwise
 * @param toolCallId for a {@code tool} turn, the id of the call it answers
 * @param name       optional name (the tool's name for a {@code tool} turn)
 */
public record ChatMessage(String role, String content, List<ToolCall> toolCalls, String toolCallId, String name) {
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content, List.of(), null, null);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content, List.of(), null, null);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content, List.of(), null, null);
    }
}
