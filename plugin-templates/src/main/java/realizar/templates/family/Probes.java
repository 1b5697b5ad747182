package realizar.templates.family;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import realizar.api.chat.ChatMessage;
import realizar.api.chat.TemplateRequest;
import realizar.api.chat.ToolCall;
import realizar.api.chat.ToolSpec;

/**
 * The conversations on which a built-in family must render exactly as the model's own template before it replaces
 * it: system or not, several turns, surrounding whitespace, generation prompt on and off, and (for families with
 * tools) a tool call and its result.
 */
final class Probes {
    private static final LocalDateTime PROBE_TIME = LocalDateTime.of(2025, 3, 7, 9, 5, 0);
    private static final String BOS = "<probe-bos>";
    private static final String EOS = "<probe-eos>";

    private Probes() {
    }

    static boolean agree(String jinja, BuiltinChatTemplate family, String variant, boolean withTools) {
        for (TemplateRequest request : requests(withTools)) {
            boolean same = BuiltinChatTemplate.sameOutcome(
                    () -> BuiltinChatTemplate.renderJinja(jinja, request, PROBE_TIME),
                    () -> family.render(variant, new BuiltinChatTemplate.Chat(request, PROBE_TIME)));
            if (!same) {
                return false;
            }
        }
        return true;
    }

    static List<TemplateRequest> requests(boolean withTools) {
        List<List<ChatMessage>> conversations = List.of(
                List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hello there")),
                List.of(ChatMessage.user("Hi, I am Ana."), ChatMessage.assistant("Hello Ana!"),
                        ChatMessage.user("  What is my name?\n")),
                List.of(ChatMessage.system("You teach maths."), ChatMessage.user("2 + 2?"),
                        ChatMessage.assistant(" 4. "), ChatMessage.user("And 3 * 3?"),
                        ChatMessage.assistant("9.")));
        List<TemplateRequest> requests = new ArrayList<>();
        for (List<ChatMessage> messages : conversations) {
            for (boolean generation : new boolean[] {true, false}) {
                requests.add(new TemplateRequest(messages, List.of(), generation, BOS, EOS, Map.of()));
            }
        }
        if (withTools) {
            List<ToolSpec> tools = List.of(
                    new ToolSpec("get_weather", "Weather now.",
                            "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\", "
                                    + "\"description\": \"City\"}, \"days\": {\"type\": \"integer\", "
                                    + "\"description\": \"Days\"}}, \"required\": [\"city\"]}"),
                    new ToolSpec("list_things", "Lists things.",
                            "{\"type\": \"object\", \"properties\": {\"kinds\": {\"type\": \"array\", \"items\": "
                                    + "{\"type\": \"string\"}, \"description\": \"Kinds\"}}, \"required\": []}"));
            List<ChatMessage> messages = List.of(ChatMessage.system("Use tools."),
                    ChatMessage.user("Weather in Oslo?"),
                    ChatMessage.assistant("", List.of(new ToolCall("abc123XYZ", "get_weather",
                            "{\"city\": \"Oslo\", \"days\": 2}"))),
                    ChatMessage.tool("abc123XYZ", "get_weather", "{\"temp\": -3}"));
            requests.add(new TemplateRequest(messages, tools, true, BOS, EOS, Map.of()));
            requests.add(new TemplateRequest(List.of(ChatMessage.user("Hi")), tools, true, BOS, EOS, Map.of()));
        }
        return requests;
    }
}
