package realizar.templates.jinja;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.chat.ChatMessage;
import realizar.api.chat.ContentPart;
import realizar.api.chat.TemplateRequest;
import realizar.api.chat.ToolCall;
import realizar.api.chat.ToolSpec;

/**
 * The variables {@code apply_chat_template} gives a template, built from a {@link TemplateRequest}: messages and
 * tools as the OpenAI JSON shapes (plain ordered maps and lists, tool-call arguments parsed to an object),
 * {@code add_generation_prompt}, the BOS/EOS text, and the request's extra variables.
 */
public final class TemplateValues {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TemplateValues() {
    }

    /** The render variables; {@code tools} and {@code documents} are None (null) when absent, as in transformers. */
    public static Map<String, Object> of(TemplateRequest request) {
        Map<String, Object> vars = new LinkedHashMap<>();
        List<Object> messages = new ArrayList<>();
        for (ChatMessage m : request.messages()) {
            messages.add(message(m));
        }
        vars.put("messages", messages);
        vars.put("tools", request.tools().isEmpty() ? null : tools(request.tools()));
        vars.put("documents", null);
        vars.put("add_generation_prompt", request.addGenerationPrompt());
        if (request.bosToken() != null) {
            vars.put("bos_token", request.bosToken());
        }
        if (request.eosToken() != null) {
            vars.put("eos_token", request.eosToken());
        }
        request.extra().forEach((k, v) -> vars.put(k, v));
        return vars;
    }

    static Map<String, Object> message(ChatMessage m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("role", m.role());
        if (!m.contentParts().isEmpty()) {
            List<Object> parts = new ArrayList<>();
            for (ContentPart part : m.contentParts()) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("type", part.type());
                if (part.text() != null) {
                    p.put("text", part.text());
                }
                parts.add(p);
            }
            out.put("content", parts);
        } else {
            out.put("content", m.content());
        }
        if (m.reasoningContent() != null) {
            out.put("reasoning_content", m.reasoningContent());
        }
        if (!m.toolCalls().isEmpty()) {
            List<Object> calls = new ArrayList<>();
            for (ToolCall call : m.toolCalls()) {
                calls.add(toolCall(call));
            }
            out.put("tool_calls", calls);
        }
        if (m.toolCallId() != null) {
            out.put("tool_call_id", m.toolCallId());
        }
        if (m.name() != null) {
            out.put("name", m.name());
        }
        return out;
    }

    /** A call as templates see it: {@code {"id", "type": "function", "function": {"name", "arguments"}}}. */
    public static Map<String, Object> toolCall(ToolCall call) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", call.name());
        function.put("arguments", arguments(call.argumentsJson()));
        Map<String, Object> out = new LinkedHashMap<>();
        if (call.id() != null) {
            out.put("id", call.id());
        }
        out.put("type", "function");
        out.put("function", function);
        return out;
    }

    /** Templates expect the arguments as an object ({@code |tojson}, {@code |items}); text that is not JSON stays. */
    private static Object arguments(String json) {
        if (json == null || json.isBlank()) {
            return new LinkedHashMap<>();
        }
        try {
            Object parsed = JSON.readValue(json, Object.class);
            return parsed instanceof Map<?, ?> ? parsed : json;
        } catch (JsonProcessingException e) {
            return json;
        }
    }

    /** Tools as templates see them: {@code {"type": "function", "function": {"name", "description", "parameters"}}}. */
    public static List<Object> tools(List<ToolSpec> tools) {
        List<Object> out = new ArrayList<>();
        for (ToolSpec tool : tools) {
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", tool.name());
            if (tool.description() != null) {
                function.put("description", tool.description());
            }
            if (tool.parametersJsonSchema() != null) {
                function.put("parameters", parse(tool.parametersJsonSchema(), "parameters of tool " + tool.name()));
            }
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("type", "function");
            t.put("function", function);
            out.add(t);
        }
        return out;
    }

    private static Object parse(String json, String what) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT,
                    what + " is not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
    }
}
