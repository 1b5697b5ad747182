package realizar.templates.family;

import java.util.List;
import java.util.Map;
import realizar.api.chat.ChatMessage;
import realizar.api.chat.ToolCall;

/**
 * Hermes 2 Pro / Hermes 3 tool use (the {@code tool_use} template; Groq's tool-use models write the same): ChatML
 * with the tools described in the system turn, calls as {@code <tool_call>{json}</tool_call>}, results as
 * {@code <tool_response>} in a {@code tool} turn. As in transformers, it refuses a request without tools (the model's
 * default template, {@code chatml}, is for those).
 */
public final class HermesChatTemplate extends BuiltinChatTemplate {
    private static final Map<String, String> BASIC_TYPES =
            Map.of("string", "str", "number", "float", "integer", "int", "boolean", "bool");
    private static final String PREAMBLE = "You are a function calling AI model. You are provided with function "
            + "signatures within <tools></tools> XML tags. You may call one or more functions to assist with the user "
            + "query. Don't make assumptions about what values to plug into functions. Here are the available tools: "
            + "<tools> ";
    private static final String SCHEMA = "Use the following pydantic model json schema for each tool call you will "
            + "make: {\"properties\": {\"name\": {\"title\": \"Name\", \"type\": \"string\"}, \"arguments\": "
            + "{\"title\": \"Arguments\", \"type\": \"object\"}}, \"required\": [\"name\", \"arguments\"], \"title\": "
            + "\"FunctionCall\", \"type\": \"object\"}}\n";
    private static final String INSTRUCTIONS = "For each function call return a json object with function name and "
            + "arguments within <tool_call></tool_call> XML tags as follows:\n<tool_call>\n{\"name\": <function-name>, "
            + "\"arguments\": <args-dict>}\n</tool_call><|im_end|>\n";

    @Override
    public String name() {
        return "hermes";
    }

    @Override
    public String description() {
        return "Hermes 2 Pro / Hermes 3 / Groq tool use: ChatML with <tools> and <tool_call>";
    }

    @Override
    protected String recognise(String jinja) {
        return jinja.contains("You are a function calling AI model") && jinja.contains("<tool_call>") ? "tool_use" : null;
    }

    @Override
    protected String variantForName(String lowerName) {
        return "tool_use";
    }

    @Override
    protected int guess(String architecture, String lowerName) {
        return 0; // a tools-only template: chosen by fingerprint or by name, never guessed
    }

    @Override
    protected boolean probesTools(String variant) {
        return true;
    }

    @Override
    protected List<String> stopStrings(String variant) {
        return List.of("<|im_end|>");
    }

    @Override
    @SuppressWarnings("unchecked")
    protected String render(String variant, Chat chat) {
        if (!chat.hasTools()) {
            throw Failures.template("TypeError: 'NoneType' object is not iterable (the Hermes tool_use template needs "
                    + "tools; use the chatml template without them)");
        }
        StringBuilder out = new StringBuilder(chat.bos()).append("<|im_start|>system\n").append(PREAMBLE);
        List<Object> tools = chat.tools();
        for (int t = 0; t < tools.size(); t++) {
            Map<String, Object> tool = (Map<String, Object>) ((Map<String, Object>) tools.get(t)).get("function");
            appendTool(out, tool);
            if (t < tools.size() - 1) {
                out.append('\n');
            }
        }
        out.append(" </tools>").append(SCHEMA).append(INSTRUCTIONS);
        List<ChatMessage> messages = chat.messages();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (Py.is(m, "user") || Py.is(m, "system") || (Py.is(m, "assistant") && m.toolCalls().isEmpty())) {
                out.append("<|im_start|>").append(m.role()).append('\n').append(Py.content(m)).append("<|im_end|>\n");
            } else if (Py.is(m, "assistant")) {
                out.append("<|im_start|>assistant");
                for (ToolCall call : m.toolCalls()) {
                    out.append("\n<tool_call>\n{\"name\": \"").append(call.name()).append("\", \"arguments\": ")
                            .append(Py.argumentsJson(call)).append("}\n</tool_call>");
                }
                out.append("<|im_end|>\n");
            } else if (Py.is(m, "tool")) {
                boolean last = i == messages.size() - 1;
                if (i > 0 && !Py.is(messages.get(i - 1), "tool")) {
                    out.append("<|im_start|>tool\n");
                }
                out.append("<tool_response>\n").append(Py.content(m)).append(last ? "\n</tool_response>" : "\n</tool_response>\n");
                if (last || !Py.is(messages.get(i + 1), "tool")) {
                    out.append("<|im_end|>");
                }
            }
        }
        if (chat.generationPrompt()) {
            out.append("<|im_start|>assistant\n");
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static void appendTool(StringBuilder out, Map<String, Object> tool) {
        String name = String.valueOf(tool.get("name"));
        Map<String, Object> parameters = tool.get("parameters") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
        Map<String, Object> properties = parameters.get("properties") instanceof Map<?, ?> p
                ? (Map<String, Object>) p : Map.of();
        out.append("{\"type\": \"function\", \"function\": {\"name\": \"").append(name).append("\", ")
                .append("\"description\": \"").append(name).append('(');
        int k = 0;
        for (var e : properties.entrySet()) {
            out.append(e.getKey()).append(": ").append(pythonType(e.getValue()));
            out.append(++k < properties.size() ? ", " : "");
        }
        out.append(')');
        if (tool.containsKey("return")) {
            out.append(" -> ").append(pythonType(tool.get("return")));
        }
        out.append(" - ").append(tool.get("description") == null ? "" : tool.get("description")).append("\n\n");
        boolean first = true;
        for (var e : properties.entrySet()) {
            if (first) {
                out.append("    Args:\n");
                first = false;
            }
            Object description = e.getValue() instanceof Map<?, ?> f ? f.get("description") : null;
            out.append("        ").append(e.getKey()).append('(').append(pythonType(e.getValue())).append("): ")
                    .append(description == null ? "" : Py.trim(description.toString()));
        }
        if (tool.get("return") instanceof Map<?, ?> r && r.get("description") != null) {
            out.append("\n    Returns:\n        ").append(r.get("description"));
        }
        out.append('"').append(", \"parameters\": ").append(properties.isEmpty() ? "{}" : Py.tojson(parameters))
                .append('}');
    }

    /**
     * The template's {@code json_to_python_type}, quirks included: an array's items go through {@code |items}, so
     * they read as undefined ({@code list[Union[]]}); an undefined or unknown string type is "iterable"
     * ({@code Union[...]}).
     */
    static String pythonType(Object spec) {
        Object type = spec instanceof Map<?, ?> m ? m.get("type") : null;
        if (type instanceof String s && BASIC_TYPES.containsKey(s)) {
            return BASIC_TYPES.get(s);
        }
        if ("array".equals(type)) {
            return "list[" + pythonType(null) + "]";
        }
        if ("object".equals(type)) {
            Object additional = ((Map<?, ?>) spec).get("additionalProperties");
            return additional != null ? "dict[str, " + pythonType(additional) + "]" : "dict";
        }
        if (type == null || type instanceof String || type instanceof List<?>) {
            List<String> parts = new java.util.ArrayList<>();
            Iterable<?> items = type instanceof String s ? s.chars().mapToObj(c -> String.valueOf((char) c)).toList()
                    : type instanceof List<?> l ? l : List.of();
            for (Object t : items) {
                parts.add(pythonType(Map.of("type", t)));
            }
            return "Union[" + String.join(",", parts) + "]";
        }
        return "Any";
    }
}
