package realizar.templates.tools;

import java.util.List;
import java.util.function.IntFunction;
import realizar.api.chat.ToolCallParser;
import realizar.api.chat.ToolSpec;

/** Hermes 2 Pro / Hermes 3 / Qwen 2.5+ / Groq tool use: {@code <tool_call>{"name": ..., "arguments": ...}</tool_call>}. */
public final class HermesToolFormat extends AbstractToolFormat {
    public HermesToolFormat() {
        this(CallIds.RANDOM);
    }

    HermesToolFormat(IntFunction<String> ids) {
        super(ids);
    }

    @Override
    public String name() {
        return "hermes";
    }

    @Override
    public String description() {
        return "<tool_call>{...}</tool_call> (Hermes, Qwen, Groq)";
    }

    @Override
    public String describeTools(List<ToolSpec> tools) {
        return "# Tools\n\nYou may call one or more functions to assist with the user query.\n\nYou are provided with "
                + "function signatures within <tools></tools> XML tags:\n<tools>\n" + ToolDescriptions.jsonLines(tools)
                + "</tools>\n\nFor each function call, return a json object with function name and arguments within "
                + "<tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": "
                + "<args-json-object>}\n</tool_call>";
    }

    @Override
    public ToolCallParser newParser() {
        return new TaggedToolCallParser("<tool_call>", "</tool_call>", ids);
    }
}
