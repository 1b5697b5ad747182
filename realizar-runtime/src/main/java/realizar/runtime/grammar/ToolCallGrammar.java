package realizar.runtime.grammar;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.TextNode;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.chat.ToolSpec;

/**
 * Grammars that force a tool call, for {@code tool_choice: "required"} (pass every tool) or a named tool (pass that
 * one): {@code {"name": "<tool>", "arguments": <that tool's parameters>}}, or a JSON array of one or more such calls.
 * Each tool's parameter schema is converted on its own, so its {@code $ref}s resolve inside it.
 */
public final class ToolCallGrammar {
    private ToolCallGrammar() {
    }

    /** GBNF for exactly one call to one of {@code tools}. */
    public static String singleCallGbnf(List<ToolSpec> tools) {
        JsonSchemaConverter c = new JsonSchemaConverter();
        return c.render(calls(c, tools));
    }

    /** GBNF for a JSON array of one or more calls, each to one of {@code tools}. */
    public static String callListGbnf(List<ToolSpec> tools) {
        JsonSchemaConverter c = new JsonSchemaConverter();
        String call = calls(c, tools);
        return c.render("\"[\" space " + call + " (\",\" space " + call + ")* \"]\" space");
    }

    public static Grammar singleCall(List<ToolSpec> tools) {
        return Grammar.parse(singleCallGbnf(tools));
    }

    public static Grammar callList(List<ToolSpec> tools) {
        return Grammar.parse(callListGbnf(tools));
    }

    private static String calls(JsonSchemaConverter c, List<ToolSpec> tools) {
        if (tools.isEmpty()) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "a forced tool call needs at least one tool");
        }
        List<String> options = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            ToolSpec tool = tools.get(i);
            String schema = tool.parametersJsonSchema() == null || tool.parametersJsonSchema().isBlank()
                    ? "{\"type\":\"object\"}" : tool.parametersJsonSchema();
            String args;
            try {
                args = c.addSchema(JsonSchemaConverter.parse(schema), "tool" + i + "-arguments", "tool" + i + "-");
            } catch (RealizarException e) {
                throw new RealizarException(e.code(), "tool '" + tool.name() + "': " + e.getMessage(), e);
            }
            String body = "\"{\" space \"\\\"name\\\"\" space \":\" space "
                    + JsonSchemaConverter.jsonLiteral(TextNode.valueOf(tool.name()))
                    + " space \",\" space \"\\\"arguments\\\"\" space \":\" space " + args + " \"}\" space";
            options.add(c.rule("tool" + i + "-call", body, "space"));
        }
        return c.rule("tool-call", String.join(" | ", options));
    }
}
