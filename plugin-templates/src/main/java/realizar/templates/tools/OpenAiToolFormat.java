package realizar.templates.tools;

import java.util.List;
import java.util.function.IntFunction;
import realizar.api.chat.ToolCallParser;
import realizar.api.chat.ToolSpec;

/**
 * OpenAI-style JSON calls: a reply that is {@code {"name": "f", "arguments": {...}}} (or a JSON list of such objects)
 * calls tools; any other reply is text. For models without a tool format of their own.
 */
public final class OpenAiToolFormat extends AbstractToolFormat {
    public OpenAiToolFormat() {
        this(CallIds.RANDOM);
    }

    OpenAiToolFormat(IntFunction<String> ids) {
        super(ids);
    }

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public String description() {
        return "JSON {\"name\", \"arguments\"} replies";
    }

    @Override
    public String describeTools(List<ToolSpec> tools) {
        return "You can call the following functions. To call one, reply with nothing but a JSON object "
                + "{\"name\": <function name>, \"arguments\": <object of arguments>}; to call several, reply with a "
                + "JSON list of such objects.\n\nFunctions:\n" + ToolDescriptions.jsonLines(tools);
    }

    @Override
    public ToolCallParser newParser() {
        return new JsonToolCallParser(false, ids);
    }
}
