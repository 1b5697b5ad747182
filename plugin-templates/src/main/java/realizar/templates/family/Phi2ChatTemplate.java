package realizar.templates.family;

import java.util.List;
import realizar.api.chat.ChatMessage;

/**
 * Phi-2's QA format ({@code Instruct: ...\nOutput: ...}). Phi-2 ships no chat template, so this is never an exact
 * match, only a guess from the name or the {@code phi2} architecture.
 */
public final class Phi2ChatTemplate extends BuiltinChatTemplate {
    @Override
    public String name() {
        return "phi2";
    }

    @Override
    public String description() {
        return "Phi-2 Instruct:/Output:";
    }

    @Override
    protected String recognise(String jinja) {
        return jinja.contains("Instruct: ") && jinja.contains("Output:") ? "phi2" : null;
    }

    @Override
    protected String variantForName(String lowerName) {
        return "phi2";
    }

    @Override
    protected int guess(String architecture, String lowerName) {
        if (lowerName.contains("phi-2") || lowerName.contains("phi2")) {
            return NAME_GUESS;
        }
        return architecture.equals("phi2") ? ARCHITECTURE_GUESS : 0;
    }

    @Override
    protected List<String> stopStrings(String variant) {
        return List.of("<|endoftext|>", "\nInstruct:");
    }

    @Override
    protected String render(String variant, Chat chat) {
        StringBuilder out = new StringBuilder();
        for (ChatMessage m : chat.messages()) {
            switch (m.role()) {
                case "system" -> out.append(Py.content(m)).append("\n\n");
                case "user" -> out.append("Instruct: ").append(Py.content(m)).append('\n');
                case "assistant" -> out.append("Output: ").append(Py.content(m)).append('\n');
                default -> out.append(Py.content(m)).append('\n');
            }
        }
        if (chat.generationPrompt()) {
            out.append("Output:");
        }
        return out.toString();
    }
}
