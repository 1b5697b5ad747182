package realizar.templates.family;

import java.util.List;
import realizar.api.chat.ChatMessage;
import realizar.api.chat.ToolCall;

/**
 * ChatML ({@code <|im_start|>role\n...<|im_end|>\n}): OpenHermes, Yi, Dolphin ({@code chatml} variant), and Qwen2 /
 * Qwen2.5 with their default system prompt and Hermes-style {@code <tools>} / {@code <tool_call>} tool use
 * ({@code qwen2.5} variant).
 */
public final class ChatMlChatTemplate extends BuiltinChatTemplate {
    static final String QWEN_SYSTEM = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";
    static final String TOOLS_PREAMBLE = "# Tools\n\nYou may call one or more functions to assist with the user "
            + "query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>";
    static final String TOOLS_CLOSING = "\n</tools>\n\nFor each function call, return a json object with function "
            + "name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": "
            + "<function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n";

    @Override
    public String name() {
        return "chatml";
    }

    @Override
    public String description() {
        return "ChatML: OpenHermes, Yi, Qwen2/2.5 (with tools)";
    }

    @Override
    protected String recognise(String jinja) {
        if (!jinja.contains("<|im_start|>") || jinja.contains("<|im_sep|>") || jinja.contains("<think>")) {
            return null;
        }
        if (jinja.contains(QWEN_SYSTEM) && jinja.contains("<tool_call>")) {
            return "qwen2.5";
        }
        return jinja.contains("tool") ? null : "chatml";
    }

    @Override
    protected String variantForName(String lowerName) {
        return lowerName.contains("qwen2") ? "qwen2.5" : "chatml";
    }

    @Override
    protected int guess(String architecture, String lowerName) {
        if (lowerName.contains("qwen2") || lowerName.contains("openhermes") || lowerName.contains("chatml")
                || lowerName.contains("dolphin") || lowerName.matches(".*\\byi\\b.*")) {
            return NAME_GUESS;
        }
        return architecture.equals("qwen2") ? ARCHITECTURE_GUESS : 0;
    }

    @Override
    protected boolean probesTools(String variant) {
        return variant.equals("qwen2.5");
    }

    @Override
    protected List<String> stopStrings(String variant) {
        return variant.equals("qwen2.5") ? List.of("<|im_end|>", "<|endoftext|>") : List.of("<|im_end|>");
    }

    @Override
    protected String render(String variant, Chat chat) {
        return variant.equals("qwen2.5") ? renderQwen(chat) : renderPlain(chat);
    }

    private static String renderPlain(Chat chat) {
        StringBuilder out = new StringBuilder();
        for (ChatMessage m : chat.messages()) {
            out.append("<|im_start|>").append(m.role()).append('\n').append(Py.content(m)).append("<|im_end|>\n");
        }
        if (chat.generationPrompt()) {
            out.append("<|im_start|>assistant\n");
        }
        return out.toString();
    }

    private static String renderQwen(Chat chat) {
        List<ChatMessage> messages = chat.messages();
        boolean firstIsSystem = !messages.isEmpty() && Py.is(messages.getFirst(), "system");
        StringBuilder out = new StringBuilder();
        if (chat.hasTools()) {
            out.append("<|im_start|>system\n").append(firstIsSystem ? Py.content(messages.getFirst()) : QWEN_SYSTEM)
                    .append("\n\n");
            appendTools(out, chat);
        } else {
            out.append("<|im_start|>system\n").append(firstIsSystem ? Py.content(messages.getFirst()) : QWEN_SYSTEM)
                    .append("<|im_end|>\n");
        }
        appendTurns(out, messages);
        if (chat.generationPrompt()) {
            out.append("<|im_start|>assistant\n");
        }
        return out.toString();
    }

    /** The Hermes-style tool block shared by Qwen2.5 and Qwen3. */
    static void appendTools(StringBuilder out, Chat chat) {
        out.append(TOOLS_PREAMBLE);
        for (Object tool : chat.tools()) {
            out.append('\n').append(Py.tojson(tool));
        }
        out.append(TOOLS_CLOSING);
    }

    /** Turns as Qwen2.5 writes them. */
    static void appendTurns(StringBuilder out, List<ChatMessage> messages) {
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (Py.is(m, "user") || (Py.is(m, "system") && i > 0) || (Py.is(m, "assistant") && m.toolCalls().isEmpty())) {
                out.append("<|im_start|>").append(m.role()).append('\n').append(Py.content(m)).append("<|im_end|>\n");
            } else if (Py.is(m, "assistant")) {
                out.append("<|im_start|>assistant");
                if (!Py.content(m).isEmpty()) {
                    out.append('\n').append(Py.content(m));
                }
                for (ToolCall call : m.toolCalls()) {
                    out.append("\n<tool_call>\n{\"name\": \"").append(call.name()).append("\", \"arguments\": ")
                            .append(Py.tojson(Py.arguments(call))).append("}\n</tool_call>");
                }
                out.append("<|im_end|>\n");
            } else if (Py.is(m, "tool")) {
                appendToolResponse(out, messages, i);
            }
        }
    }

    /** A tool result inside a user turn, consecutive results sharing the turn (Qwen2.5, Qwen3). */
    static void appendToolResponse(StringBuilder out, List<ChatMessage> messages, int i) {
        if (i == 0 || !Py.is(messages.get(i - 1), "tool")) {
            out.append("<|im_start|>user");
        }
        out.append("\n<tool_response>\n").append(Py.content(messages.get(i))).append("\n</tool_response>");
        if (i == messages.size() - 1 || !Py.is(messages.get(i + 1), "tool")) {
            out.append("<|im_end|>\n");
        }
    }
}
