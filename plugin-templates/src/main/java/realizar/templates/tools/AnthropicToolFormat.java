package realizar.templates.tools;

import java.util.List;
import java.util.function.IntFunction;
import realizar.api.chat.ToolCallParser;
import realizar.api.chat.ToolSpec;

/** Anthropic-style tool use in text: {@code <tool_use>{"name": ..., "input": {...}}</tool_use>}. */
public final class AnthropicToolFormat extends AbstractToolFormat {
    public AnthropicToolFormat() {
        this(CallIds.RANDOM);
    }

    AnthropicToolFormat(IntFunction<String> ids) {
        super(ids);
    }

    @Override
    public String name() {
        return "anthropic";
    }

    @Override
    public String description() {
        return "<tool_use>{...}</tool_use>";
    }

    @Override
    public String describeTools(List<ToolSpec> tools) {
        return "In this environment you have access to a set of tools you can use to answer the user's question.\n"
                + "<tools>\n" + ToolDescriptions.jsonLines(tools) + "</tools>\n\nTo use a tool, write "
                + "<tool_use>{\"name\": <tool name>, \"input\": <object of arguments>}</tool_use>. You may use "
                + "several tools in one reply; their results will be given to you afterwards.";
    }

    @Override
    public ToolCallParser newParser() {
        return new TaggedToolCallParser("<tool_use>", "</tool_use>", ids);
    }
}
