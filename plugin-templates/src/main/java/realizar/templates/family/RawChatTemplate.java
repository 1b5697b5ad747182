package realizar.templates.family;

import java.util.List;
import realizar.api.chat.ChatMessage;

/**
 * No format: the messages' texts one after another. For base models and for prompts already formatted by the
 * caller. Never chosen automatically over a family (score 1).
 */
public final class RawChatTemplate extends BuiltinChatTemplate {
    @Override
    public String name() {
        return "raw";
    }

    @Override
    public String description() {
        return "no chat format: the message texts concatenated";
    }

    @Override
    protected String recognise(String jinja) {
        return null;
    }

    @Override
    protected String variantForName(String lowerName) {
        return "raw";
    }

    @Override
    protected int guess(String architecture, String lowerName) {
        return 1;
    }

    @Override
    protected List<String> stopStrings(String variant) {
        return List.of();
    }

    @Override
    protected String render(String variant, Chat chat) {
        StringBuilder out = new StringBuilder();
        for (ChatMessage m : chat.messages()) {
            out.append(Py.content(m));
        }
        return out.toString();
    }
}
