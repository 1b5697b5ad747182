package realizar.templates.family;

import java.util.List;
import realizar.api.chat.ChatMessage;

/**
 * Llama 2 chat ({@code <s>[INST] <<SYS>>\n...\n<</SYS>>\n\nuser [/INST] answer </s>}, {@code llama2} variant) and
 * the Vicuna 1.1 / TinyLlama-style {@code USER: ... ASSISTANT: ...} format ({@code vicuna} variant).
 */
public final class Llama2ChatTemplate extends BuiltinChatTemplate {
    @Override
    public String name() {
        return "llama2";
    }

    @Override
    public String description() {
        return "Llama 2 chat [INST] <<SYS>>, and Vicuna USER:/ASSISTANT:";
    }

    @Override
    protected String recognise(String jinja) {
        if (jinja.contains("<<SYS>>") && jinja.contains("[INST]")) {
            return "llama2";
        }
        if (jinja.contains("'USER: '") && jinja.contains("ASSISTANT:")) {
            return "vicuna";
        }
        return null;
    }

    @Override
    protected String variantForName(String lowerName) {
        return lowerName.contains("vicuna") ? "vicuna" : "llama2";
    }

    @Override
    protected int guess(String architecture, String lowerName) {
        if (lowerName.contains("vicuna") || lowerName.contains("llama-2") || lowerName.contains("llama2")) {
            return NAME_GUESS;
        }
        return 0;
    }

    @Override
    protected List<String> stopStrings(String variant) {
        return variant.equals("vicuna") ? List.of("</s>", "\nUSER:") : List.of("</s>", "[INST]");
    }

    @Override
    protected String render(String variant, Chat chat) {
        return variant.equals("vicuna") ? vicuna(chat) : llama2(chat);
    }

    private static String llama2(Chat chat) {
        List<ChatMessage> messages = chat.messages();
        String system = null;
        List<ChatMessage> turns = messages;
        if (!messages.isEmpty() && Py.is(messages.getFirst(), "system")) {
            system = Py.content(messages.getFirst());
            turns = messages.subList(1, messages.size());
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < turns.size(); i++) {
            ChatMessage m = turns.get(i);
            if (Py.is(m, "user") != (i % 2 == 0)) {
                throw Failures.alternation();
            }
            if (Py.is(m, "user")) {
                out.append(chat.bos()).append("[INST] ");
                if (i == 0 && system != null) {
                    out.append("<<SYS>>\n").append(system).append("\n<</SYS>>\n\n");
                }
                out.append(Py.trim(Py.content(m))).append(" [/INST]");
            } else if (Py.is(m, "assistant")) {
                out.append(' ').append(Py.trim(Py.content(m))).append(' ').append(chat.eos());
            }
        }
        return out.toString();
    }

    private static String vicuna(Chat chat) {
        StringBuilder out = new StringBuilder();
        for (ChatMessage m : chat.messages()) {
            if (Py.is(m, "system")) {
                out.append(Py.content(m)).append("\n\n");
            } else if (Py.is(m, "user")) {
                out.append("USER: ").append(Py.content(m)).append('\n');
            } else {
                out.append("ASSISTANT: ").append(Py.content(m)).append("</s>\n");
            }
        }
        if (chat.generationPrompt()) {
            out.append("ASSISTANT:");
        }
        return out.toString();
    }
}
