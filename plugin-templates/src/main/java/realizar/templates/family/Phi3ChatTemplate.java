package realizar.templates.family;

import java.util.List;
import realizar.api.chat.ChatMessage;

/**
 * Phi-3 / Phi-3.5 ({@code <|user|>\n...<|end|>\n<|assistant|>\n}, {@code phi3} variant) and Phi-4
 * ({@code <|im_start|>user<|im_sep|>...<|im_end|>}, {@code phi4} variant).
 */
public final class Phi3ChatTemplate extends BuiltinChatTemplate {
    @Override
    public String name() {
        return "phi3";
    }

    @Override
    public String description() {
        return "Phi-3/3.5 <|user|>...<|end|>, Phi-4 <|im_sep|>";
    }

    @Override
    protected String recognise(String jinja) {
        if (jinja.contains("<|im_sep|>")) {
            return "phi4";
        }
        return jinja.contains("<|end|>") && jinja.contains("<|assistant|>") ? "phi3" : null;
    }

    @Override
    protected String variantForName(String lowerName) {
        return lowerName.contains("phi-4") || lowerName.contains("phi4") ? "phi4" : "phi3";
    }

    @Override
    protected int guess(String architecture, String lowerName) {
        if (lowerName.contains("phi-3") || lowerName.contains("phi3") || lowerName.contains("phi-4")
                || lowerName.contains("phi4")) {
            return NAME_GUESS;
        }
        return architecture.equals("phi3") ? ARCHITECTURE_GUESS : 0;
    }

    @Override
    protected List<String> stopStrings(String variant) {
        return variant.equals("phi4") ? List.of("<|im_end|>", "<|endoftext|>") : List.of("<|end|>", "<|endoftext|>");
    }

    @Override
    protected String render(String variant, Chat chat) {
        StringBuilder out = new StringBuilder();
        if (variant.equals("phi4")) {
            for (ChatMessage m : chat.messages()) {
                switch (m.role()) {
                    case "system" -> out.append("<|im_start|>system<|im_sep|>").append(Py.content(m)).append("<|im_end|>");
                    case "user" -> out.append("<|im_start|>user<|im_sep|>").append(Py.content(m))
                            .append("<|im_end|><|im_start|>assistant<|im_sep|>");
                    case "assistant" -> out.append(Py.content(m)).append("<|im_end|>");
                    default -> { }
                }
            }
            return out.toString();
        }
        for (ChatMessage m : chat.messages()) {
            boolean known = Py.is(m, "user") || Py.is(m, "assistant") || (Py.is(m, "system") && !Py.content(m).isEmpty());
            if (known) {
                out.append("<|").append(m.role()).append("|>\n").append(Py.content(m)).append("<|end|>\n");
            }
        }
        out.append(chat.generationPrompt() ? "<|assistant|>\n" : chat.eos());
        return out.toString();
    }
}
