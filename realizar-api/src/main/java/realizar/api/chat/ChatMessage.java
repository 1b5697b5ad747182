package realizar.api.chat;

import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation, as the OpenAI chat API models it.
 *
 * @param role             {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content          the text; may be null for an assistant turn that only calls tools
 * @param toolCalls        calls an assistant turn made; empty otherwise
 * @param toolCallId       for a {@code tool} turn, the id of the call it answers
 * @param name             optional name (the tool's name for a {@code tool} turn)
 * @param reasoningContent an assistant turn's reasoning ("thinking") text, kept apart from {@code content}, as
 *                         templates with {@code <think>} blocks expect it ({@code reasoning_content}); null for none
 * @param contentParts     the content as a list of parts, when the request gave it that way; empty otherwise. When
 *                         not empty, templates see {@code content} as this list.
 */
public record ChatMessage(String role, String content, List<ToolCall> toolCalls, String toolCallId, String name,
                          String reasoningContent, List<ContentPart> contentParts) {
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        contentParts = contentParts == null ? List.of() : List.copyOf(contentParts);
    }

    /** The original five-component form, without reasoning or content parts. */
    public ChatMessage(String role, String content, List<ToolCall> toolCalls, String toolCallId, String name) {
        this(role, content, toolCalls, toolCallId, name, null, List.of());
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

    /** An assistant turn that calls tools; {@code content} may be null or empty. */
    public static ChatMessage assistant(String content, List<ToolCall> toolCalls) {
        return new ChatMessage("assistant", content, toolCalls, null, null);
    }

    /** A tool's answer to the call {@code toolCallId} of the tool {@code name}. */
    public static ChatMessage tool(String toolCallId, String name, String content) {
        return new ChatMessage("tool", content, List.of(), toolCallId, name);
    }

    /** The text of this message: {@code content}, or the text parts joined when the content came as parts. */
    public String text() {
        if (contentParts.isEmpty()) {
            return content;
        }
        StringBuilder sb = new StringBuilder();
        for (ContentPart part : contentParts) {
            if (part.text() != null) {
                sb.append(part.text());
            }
        }
        return sb.toString();
    }
}
