package realizar.api.chat;

import java.util.List;
import java.util.Map;

/**
 * What to render.
 *
 * @param messages            the conversation
 * @param tools               tools offered to the model; empty for none
 * @param addGenerationPrompt whether to open an assistant turn at the end
 * @param bosToken            the model's BOS text, for templates that write it
 * @param eosToken            the model's EOS text
 * @param extra               further template variables ({@code enable_thinking}, ...)
 */
public record TemplateRequest(List<ChatMessage> messages, List<ToolSpec> tools, boolean addGenerationPrompt,
                              String bosToken, String eosToken, Map<String, Object> extra) {
    public TemplateRequest {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }
}
