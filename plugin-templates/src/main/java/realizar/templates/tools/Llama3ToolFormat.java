package realizar.templates.tools;

import java.util.List;
import java.util.function.IntFunction;
import realizar.api.chat.ToolCallParser;
import realizar.api.chat.ToolSpec;

/**
 * Llama 3.1+ custom tool calls: a reply {@code {"name": ..., "parameters": {...}}}, possibly after
 * {@code <|python_tag|>}. Built-in tool syntax ({@code brave_search.call(...)}) is reported as an Error.
 */
public final class Llama3ToolFormat extends AbstractToolFormat {
    public Llama3ToolFormat() {
        this(CallIds.RANDOM);
    }

    Llama3ToolFormat(IntFunction<String> ids) {
        super(ids);
    }

    @Override
    public String name() {
        return "llama3";
    }

    @Override
    public String description() {
        return "Llama 3 JSON {\"name\", \"parameters\"}, <|python_tag|>";
    }

    @Override
    public String describeTools(List<ToolSpec> tools) {
        return "Given the following functions, please respond with a JSON for a function call with its proper "
                + "arguments that best answers the given prompt.\n\nRespond in the format {\"name\": function name, "
                + "\"parameters\": dictionary of argument name and its value}.Do not use variables.\n\n"
                + ToolDescriptions.jsonLines(tools);
    }

    @Override
    public ToolCallParser newParser() {
        return new JsonToolCallParser(true, ids);
    }
}
