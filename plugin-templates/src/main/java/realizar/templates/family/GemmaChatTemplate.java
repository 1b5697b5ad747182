package realizar.templates.family;

import java.util.List;
import realizar.api.chat.ChatMessage;

/**
 * Gemma ({@code <start_of_turn>user\n...<end_of_turn>\n<start_of_turn>model\n}): Gemma 2 refuses a system message
 * ({@code gemma2} variant); Gemma 3 puts it before the first user message ({@code gemma3} variant).
 */
public final class GemmaChatTemplate extends BuiltinChatTemplate {
    @Override
    public String name() {
        return "gemma";
    }

    @Override
    public String description() {
        return "Gemma 2/3 <start_of_turn>user/model";
    }

    @Override
    protected String recognise(String jinja) {
        if (!jinja.contains("<start_of_turn>")) {
            return null;
        }
        return jinja.contains("first_user_prefix") ? "gemma3" : "gemma2";
    }

    @Override
    protected String variantForName(String lowerName) {
        return lowerName.contains("gemma-2") || lowerName.contains("gemma2") ? "gemma2" : "gemma3";
    }

    @Override
    protected int guess(String architecture, String lowerName) {
        if (lowerName.contains("gemma")) {
            return NAME_GUESS;
        }
        return architecture.startsWith("gemma") ? ARCHITECTURE_GUESS : 0;
    }

    @Override
    protected List<String> stopStrings(String variant) {
        return List.of("<end_of_turn>", "<eos>");
    }

    @Override
    protected String render(String variant, Chat chat) {
        List<ChatMessage> messages = chat.messages();
        StringBuilder out = new StringBuilder(chat.bos());
        String firstUserPrefix = "";
        List<ChatMessage> turns = messages;
        if (!messages.isEmpty() && Py.is(messages.getFirst(), "system")) {
            if (variant.equals("gemma2")) {
                throw Failures.template("System role not supported");
            }
            firstUserPrefix = Py.content(messages.getFirst()) + "\n\n";
            turns = messages.subList(1, messages.size());
        }
        for (int i = 0; i < turns.size(); i++) {
            ChatMessage m = turns.get(i);
            if (Py.is(m, "user") != (i % 2 == 0)) {
                throw Failures.alternation();
            }
            String role = Py.is(m, "assistant") ? "model" : m.role();
            out.append("<start_of_turn>").append(role).append('\n');
            if (i == 0) {
                out.append(firstUserPrefix);
            }
            out.append(text(m)).append("<end_of_turn>\n");
        }
        if (chat.generationPrompt()) {
            out.append("<start_of_turn>model\n");
        }
        return out.toString();
    }

    /** The content trimmed; content parts trimmed one by one, an image as {@code <start_of_image>}. */
    private static String text(ChatMessage m) {
        if (m.contentParts().isEmpty()) {
            return Py.trim(Py.content(m));
        }
        StringBuilder sb = new StringBuilder();
        for (var part : m.contentParts()) {
            if (part.type().equals("image")) {
                sb.append("<start_of_image>");
            } else if (part.type().equals("text")) {
                sb.append(Py.trim(part.text() == null ? "" : part.text()));
            }
        }
        return sb.toString();
    }
}
