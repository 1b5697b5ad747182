package realizar.templates.family;

import java.util.List;
import realizar.api.chat.ChatMessage;

/** Zephyr / TinyLlama-Chat: {@code <|user|>\n...</s>\n<|assistant|>\n}. */
public final class ZephyrChatTemplate extends BuiltinChatTemplate {
    @Override
    public String name() {
        return "zephyr";
    }

    @Override
    public String description() {
        return "Zephyr / TinyLlama-Chat <|user|> <|assistant|>";
    }

    @Override
    protected String recognise(String jinja) {
        return jinja.contains("<|user|>") && jinja.contains("<|assistant|>") && jinja.contains("eos_token")
                && !jinja.contains("<|end|>") ? "zephyr" : null;
    }

    @Override
    protected String variantForName(String lowerName) {
        return "zephyr";
    }

    @Override
    protected int guess(String architecture, String lowerName) {
        return lowerName.contains("zephyr") || lowerName.contains("tinyllama") ? NAME_GUESS : 0;
    }

    @Override
    protected List<String> stopStrings(String variant) {
        return List.of("</s>", "<|user|>");
    }

    @Override
    protected String render(String variant, Chat chat) {
        StringBuilder out = new StringBuilder();
        for (ChatMessage m : chat.messages()) {
            if (Py.is(m, "system") || Py.is(m, "user") || Py.is(m, "assistant")) {
                out.append("<|").append(m.role()).append("|>\n").append(Py.content(m)).append(chat.eos()).append('\n');
            }
        }
        if (chat.generationPrompt()) {
            out.append("<|assistant|>\n");
        }
        return out.toString();
    }
}
