package realizar.templates.tools;

import java.util.List;
import java.util.function.IntFunction;
import realizar.api.chat.ToolCallParser;
import realizar.api.chat.ToolSpec;

/**
 * Mistral: tools in {@code [AVAILABLE_TOOLS][...][/AVAILABLE_TOOLS]}, calls as {@code [TOOL_CALLS][{...}, ...]}
 * (v3 / Nemo) or {@code [TOOL_CALLS]name[CALL_ID]id[ARGS]{...}} (Small 3.x).
 */
public final class MistralToolFormat extends AbstractToolFormat {
    public MistralToolFormat() {
        this(CallIds.RANDOM);
    }

    MistralToolFormat(IntFunction<String> ids) {
        super(ids);
    }

    @Override
    public String name() {
        return "mistral";
    }

    @Override
    public String description() {
        return "[TOOL_CALLS][{...}] (Mistral v3, Nemo, Small 3.x)";
    }

    @Override
    public String describeTools(List<ToolSpec> tools) {
        return "[AVAILABLE_TOOLS]" + ToolDescriptions.jsonArray(tools) + "[/AVAILABLE_TOOLS]";
    }

    @Override
    public ToolCallParser newParser() {
        return new MistralToolCallParser(ids);
    }
}
