package realizar.templates.family;

import java.util.List;
import realizar.api.chat.ChatMessage;

/** Alpaca: {@code ### Instruction:\n...\n\n### Response:\n}, with its stock preamble when there is no system message. */
public final class AlpacaChatTemplate extends BuiltinChatTemplate {
    static final String PREAMBLE = "Below is an instruction that describes a task. Write a response that "
            + "appropriately completes the request.";

    @Override
    public String name() {
        return "alpaca";
    }

    @Override
    public String description() {
        return "Alpaca ### Instruction: / ### Response:";
    }

    @Override
    protected String recognise(String jinja) {
        return jinja.contains("### Instruction:") && jinja.contains("### Response:") ? "alpaca" : null;
    }

    @Override
    protected String variantForName(String lowerName) {
        return "alpaca";
    }

    @Override
    protected int guess(String architecture, String lowerName) {
        return lowerName.contains("alpaca") ? NAME_GUESS : 0;
    }

    @Override
    protected List<String> stopStrings(String variant) {
        return List.of("</s>", "### Instruction:");
    }

    @Override
    protected String render(String variant, Chat chat) {
        List<ChatMessage> messages = chat.messages();
        StringBuilder out = new StringBuilder();
        List<ChatMessage> turns = messages;
        if (!messages.isEmpty() && Py.is(messages.getFirst(), "system")) {
            out.append(Py.trim(Py.content(messages.getFirst()))).append("\n\n");
            turns = messages.subList(1, messages.size());
        } else {
            out.append(PREAMBLE).append("\n\n");
        }
        for (ChatMessage m : turns) {
            if (Py.is(m, "user")) {
                out.append("### Instruction:\n").append(Py.trim(Py.content(m))).append("\n\n");
            } else if (Py.is(m, "assistant")) {
                out.append("### Response:\n").append(Py.trim(Py.content(m))).append(chat.eos()).append("\n\n");
            }
        }
        if (chat.generationPrompt()) {
            out.append("### Response:\n");
        }
        return out.toString();
    }
}
