package realizar.templates.family;

import java.util.List;
import realizar.api.chat.ChatMessage;
import realizar.api.chat.ToolCall;
import realizar.templates.jinja.PyJson;
import realizar.templates.jinja.PyStrings;
import realizar.templates.jinja.TemplateValues;

/** The Python operations the model templates apply, for the families to apply identically. */
final class Py {
    private Py() {
    }

    /** {@code s|trim} / {@code s.strip()}. */
    static String trim(String s) {
        return PyStrings.strip(s, null, true, true);
    }

    static String strip(String s, String chars) {
        return PyStrings.strip(s, chars, true, true);
    }

    static String lstrip(String s, String chars) {
        return PyStrings.strip(s, chars, true, false);
    }

    static String rstrip(String s, String chars) {
        return PyStrings.strip(s, chars, false, true);
    }

    /** {@code s.split(sep)}. */
    static List<String> split(String s, String sep) {
        return PyStrings.split(s, sep, -1);
    }

    /** {@code x|tojson} as Hugging Face defines it. */
    static String tojson(Object value) {
        return PyJson.dumps(value);
    }

    static String tojson(Object value, int indent) {
        return PyJson.dumps(value, indent, false, false);
    }

    /** A message's text; templates concatenate it, so an absent text is the empty string. */
    static String content(ChatMessage m) {
        String text = m.text();
        return text == null ? "" : text;
    }

    /** A call's arguments as the template sees them (an object when the text is a JSON object). */
    static Object arguments(ToolCall call) {
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> function =
                (java.util.Map<String, Object>) TemplateValues.toolCall(call).get("function");
        return function.get("arguments");
    }

    /** {@code x|tojson} of the arguments, or the text as it is when it is not a JSON object. */
    static String argumentsJson(ToolCall call) {
        Object args = arguments(call);
        return args instanceof String s ? s : tojson(args);
    }

    static boolean is(ChatMessage m, String role) {
        return role.equals(m.role());
    }
}
