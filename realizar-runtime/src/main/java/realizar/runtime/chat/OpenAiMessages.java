package realizar.runtime.chat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.chat.ChatMessage;
import realizar.api.chat.ContentPart;
import realizar.api.chat.ToolCall;
import realizar.api.chat.ToolSpec;

/**
 * Reads the OpenAI chat API's {@code messages} and {@code tools} JSON into the api's records. Every error names the
 * JSON path of what is wrong ({@code messages[2].role}).
 */
public final class OpenAiMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiMessages() {
    }

    public static List<ChatMessage> messages(JsonNode array) {
        if (array == null || !array.isArray()) {
            throw bad("messages", "must be an array of message objects");
        }
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            out.add(message(array.get(i), "messages[" + i + "]"));
        }
        return out;
    }

    public static List<ToolSpec> tools(JsonNode array) {
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw bad("tools", "must be an array");
        }
        List<ToolSpec> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "tools[" + i + "]";
            JsonNode t = array.get(i);
            JsonNode f = t.has("function") ? t.get("function") : t;
            if (t.has("type") && !"function".equals(t.get("type").asText())) {
                throw bad(path + ".type", "only \"function\" tools are supported");
            }
            String name = text(f, "name", path + ".function.name", true);
            JsonNode params = f.get("parameters");
            out.add(new ToolSpec(name, text(f, "description", path + ".function.description", false),
                    params == null || params.isNull() ? "{\"type\":\"object\",\"properties\":{}}" : params.toString()));
        }
        return out;
    }

    private static ChatMessage message(JsonNode m, String path) {
        if (m == null || !m.isObject()) {
            throw bad(path, "must be an object");
        }
        String role = text(m, "role", path + ".role", true);
        if (!List.of("system", "developer", "user", "assistant", "tool").contains(role)) {
            throw bad(path + ".role", "must be system, developer, user, assistant or tool, got \"" + role + "\"");
        }
        JsonNode content = m.get("content");
        String text = null;
        List<ContentPart> parts = List.of();
        if (content != null && content.isArray()) {
            List<ContentPart> list = new ArrayList<>();
            for (int i = 0; i < content.size(); i++) {
                JsonNode p = content.get(i);
                list.add(new ContentPart(text(p, "type", path + ".content[" + i + "].type", true),
                        text(p, "text", path + ".content[" + i + "].text", false)));
            }
            parts = list;
        } else if (content != null && !content.isNull()) {
            if (!content.isTextual()) {
                throw bad(path + ".content", "must be a string, an array of parts, or null");
            }
            text = content.asText();
        }
        List<ToolCall> calls = new ArrayList<>();
        JsonNode tc = m.get("tool_calls");
        if (tc != null && !tc.isNull()) {
            if (!tc.isArray()) {
                throw bad(path + ".tool_calls", "must be an array");
            }
            for (int i = 0; i < tc.size(); i++) {
                String cp = path + ".tool_calls[" + i + "]";
                JsonNode f = tc.get(i).get("function");
                if (f == null || !f.isObject()) {
                    throw bad(cp + ".function", "is required");
                }
                JsonNode args = f.get("arguments");
                String argsJson = args == null || args.isNull() ? "{}" : args.isTextual() ? args.asText() : args.toString();
                calls.add(new ToolCall(text(tc.get(i), "id", cp + ".id", false), text(f, "name", cp + ".function.name", true), argsJson));
            }
        }
        return new ChatMessage(role, text, calls, text(m, "tool_call_id", path + ".tool_call_id", false),
                text(m, "name", path + ".name", false), text(m, "reasoning_content", path + ".reasoning_content", false), parts);
    }

    /** Parses text as JSON, naming the line and column of a syntax error. */
    public static JsonNode parse(String json, String what) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, what + ": not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode node, String field, String path, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw bad(path, "is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw bad(path, "must be a string");
        }
        return v.asText();
    }

    private static RealizarException bad(String path, String what) {
        return new RealizarException(ErrorCode.INVALID_ARGUMENT, path + " " + what);
    }
}
