package realizar.templates.family;

import java.util.List;
import realizar.api.chat.ChatMessage;
import realizar.api.chat.ToolCall;

/**
 * Qwen3: ChatML with {@code <think>} reasoning and Hermes-style tools. The reasoning of assistant turns after the
 * last user query is kept ({@code reasoning_content}, or split off at {@code </think>}); earlier turns lose it.
 * Thinking is on by default; the extra variable {@code enable_thinking=false} closes an empty think block after the
 * generation prompt.
 */
public final class Qwen3ChatTemplate extends BuiltinChatTemplate {
    @Override
    public String name() {
        return "qwen3";
    }

    @Override
    public String description() {
        return "Qwen3 ChatML with <think> (enable_thinking) and <tool_call> tools";
    }

    @Override
    protected String recognise(String jinja) {
        return jinja.contains("<|im_start|>") && jinja.contains("<think>") && jinja.contains("last_query_index")
                ? "qwen3" : null;
    }

    @Override
    protected String variantForName(String lowerName) {
        return "qwen3";
    }

    @Override
    protected int guess(String architecture, String lowerName) {
        if (lowerName.contains("qwen3") || lowerName.contains("qwq")) {
            return NAME_GUESS;
        }
        return architecture.startsWith("qwen3") ? ARCHITECTURE_GUESS + 5 : 0;
    }

    @Override
    protected boolean probesTools(String variant) {
        return true;
    }

    @Override
    protected List<String> stopStrings(String variant) {
        return List.of("<|im_end|>", "<|endoftext|>");
    }

    @Override
    protected String render(String variant, Chat chat) {
        List<ChatMessage> messages = chat.messages();
        boolean firstIsSystem = !messages.isEmpty() && Py.is(messages.getFirst(), "system");
        StringBuilder out = new StringBuilder();
        if (chat.hasTools()) {
            out.append("<|im_start|>system\n");
            if (firstIsSystem) {
                out.append(Py.content(messages.getFirst())).append("\n\n");
            }
            ChatMlChatTemplate.appendTools(out, chat);
        } else if (firstIsSystem) {
            out.append("<|im_start|>system\n").append(Py.content(messages.getFirst())).append("<|im_end|>\n");
        }
        int lastQuery = lastQueryIndex(messages);
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (Py.is(m, "user") || (Py.is(m, "system") && i > 0)) {
                out.append("<|im_start|>").append(m.role()).append('\n').append(Py.content(m)).append("<|im_end|>\n");
            } else if (Py.is(m, "assistant")) {
                appendAssistant(out, m, i > lastQuery, i == messages.size() - 1);
            } else if (Py.is(m, "tool")) {
                ChatMlChatTemplate.appendToolResponse(out, messages, i);
            }
        }
        if (chat.generationPrompt()) {
            out.append("<|im_start|>assistant\n");
            if (Boolean.FALSE.equals(chat.extra("enable_thinking"))) {
                out.append("<think>\n\n</think>\n\n");
            }
        }
        return out.toString();
    }

    /** The last user message that is not a wrapped tool response (turns after it keep their reasoning). */
    private static int lastQueryIndex(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            ChatMessage m = messages.get(i);
            String c = Py.content(m);
            if (Py.is(m, "user") && !(c.startsWith("<tool_response>") && c.endsWith("</tool_response>"))) {
                return i;
            }
        }
        return messages.size() - 1;
    }

    private static void appendAssistant(StringBuilder out, ChatMessage m, boolean afterLastQuery, boolean last) {
        String content = Py.content(m);
        String reasoning = "";
        if (m.reasoningContent() != null) {
            reasoning = m.reasoningContent();
        } else if (content.contains("</think>")) {
            List<String> parts = Py.split(content, "</think>");
            reasoning = Py.lstrip(Py.split(Py.rstrip(parts.getFirst(), "\n"), "<think>").getLast(), "\n");
            content = Py.lstrip(parts.getLast(), "\n");
        }
        if (afterLastQuery && (last || !reasoning.isEmpty())) {
            out.append("<|im_start|>assistant\n<think>\n").append(Py.strip(reasoning, "\n")).append("\n</think>\n\n")
                    .append(Py.lstrip(content, "\n"));
        } else {
            out.append("<|im_start|>assistant\n").append(content);
        }
        for (int j = 0; j < m.toolCalls().size(); j++) {
            ToolCall call = m.toolCalls().get(j);
            if (j > 0 || !content.isEmpty()) {
                out.append('\n');
            }
            out.append("<tool_call>\n{\"name\": \"").append(call.name()).append("\", \"arguments\": ")
                    .append(Py.argumentsJson(call)).append("}\n</tool_call>");
        }
        out.append("<|im_end|>\n");
    }
}
