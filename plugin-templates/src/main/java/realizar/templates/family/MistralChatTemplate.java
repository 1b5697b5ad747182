package realizar.templates.family;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import realizar.api.chat.ChatMessage;
import realizar.api.chat.ContentPart;
import realizar.api.chat.ToolCall;
import realizar.templates.jinja.el.Strftime;

/**
 * Mistral {@code [INST]} formats. Variants: {@code v1} (Mistral 7B v0.1/v0.2: {@code [INST] user [/INST]answer</s>},
 * a system message joined to the first user message), {@code v3-tekken} (Nemo: {@code [AVAILABLE_TOOLS]} before the
 * last user message, the system message inside it, {@code [TOOL_CALLS][{...}]}, {@code [TOOL_RESULTS]}) and
 * {@code small-3.2} (Mistral Small 3.x: {@code [SYSTEM_PROMPT]} with the dated default,
 * {@code [TOOL_CALLS]name[CALL_ID]id[ARGS]{...}}).
 */
public final class MistralChatTemplate extends BuiltinChatTemplate {
    private static final String SMALL_SYSTEM_BEFORE_DATE = "You are Mistral Small 3, a Large Language Model (LLM) created by Mistral AI, a French startup headquartered in Paris.\n"
            + "Your knowledge base was last updated on 2023-10-01. The current date is ";
    private static final String SMALL_SYSTEM_AFTER_DATE = ".\n"
            + "\n"
            + "When you're not sure about some information or when the user's request requires up-to-date or specific data, you must use the available tools to fetch the information. Do not hesitate to use tools whenever they can provide a more accurate or complete response. If no relevant tools are available, then clearly state that you don't have the information and avoid making up anything.\n"
            + "\n"
            + "If the user's question is not clear, ambiguous, or does not provide enough context for you to accurately answer the question, you do not try to answer it right away and you rather ask the user to clarify their request (e.g. \"What are some good restaurants around me?\" => \"Where are you?\" or \"When is the next flight to Tokyo\" => \"Where do you travel from?\").\n"
            + "You are always very attentive to dates, and when asked about information at specific dates, you discard information that is at another date.\n"
            + "You follow these instructions in all languages, and always respond to the user in the language they use or request.\n"
            + "Next sections describe the capabilities that you have.\n"
            + "\n"
            + "# WEB BROWSING INSTRUCTIONS\n"
            + "\n"
            + "You cannot perform any web search or access internet to open URLs, links etc. If it seems like the user is expecting you to do so, you clarify the situation and ask the user to copy paste the text directly in the chat.\n"
            + "\n"
            + "# MULTI-MODAL INSTRUCTIONS\n"
            + "\n"
            + "You have the ability to read images, but you cannot generate images. You also cannot transcribe audio files or videos.\n"
            + "You cannot read nor transcribe audio files or videos.\n"
            + "\n"
            + "# TOOL CALLING INSTRUCTIONS\n"
            + "\n"
            + "You may have access to tools that you can use to fetch information or perform actions. You must use these tools in the following situations:\n"
            + "\n"
            + "1. When the request requires up-to-date information.\n"
            + "2. When the request requires specific data that you do not have in your knowledge base.\n"
            + "3. When the request involves actions that you cannot perform without tools.\n"
            + "\n"
            + "Always prioritize using tools to provide the most accurate and helpful response. If tools are not available, inform the user that you cannot perform the requested action at the moment.";
    private static final String ALTERNATION = "After the optional system message, conversation roles must "
            + "alternate user/assistant/user/assistant/...";
    private static final String CALL_ID = "Tool call IDs should be alphanumeric strings with length 9!";

    public MistralChatTemplate() {
    }

    MistralChatTemplate(java.util.function.Supplier<java.time.LocalDateTime> clock) {
        super(clock);
    }

    @Override
    public String name() {
        return "mistral";
    }

    @Override
    public String description() {
        return "Mistral [INST]: v1, v3-tekken (Nemo) and Small 3.x, with [TOOL_CALLS]";
    }

    @Override
    protected String recognise(String jinja) {
        if (jinja.contains("[SYSTEM_PROMPT]") && jinja.contains("[CALL_ID]")) {
            return "small-3.2";
        }
        if (jinja.contains("[AVAILABLE_TOOLS]") && jinja.contains("[TOOL_RESULTS]{")) {
            return "v3-tekken";
        }
        if (jinja.contains("[INST]") && !jinja.contains("<<SYS>>") && !jinja.contains("[AVAILABLE_TOOLS]")) {
            return "v1";
        }
        return null;
    }

    @Override
    protected String variantForName(String lowerName) {
        if (lowerName.contains("small-3") || lowerName.contains("small 3") || lowerName.contains("magistral")) {
            return "small-3.2";
        }
        return lowerName.contains("nemo") ? "v3-tekken" : "v1";
    }

    @Override
    protected int guess(String architecture, String lowerName) {
        return lowerName.contains("mistral") || lowerName.contains("mixtral") ? NAME_GUESS : 0;
    }

    @Override
    protected boolean probesTools(String variant) {
        return !variant.equals("v1");
    }

    @Override
    protected List<String> stopStrings(String variant) {
        return List.of("</s>");
    }

    @Override
    protected String render(String variant, Chat chat) {
        return switch (variant) {
            case "v3-tekken" -> tekken(chat);
            case "small-3.2" -> small(chat);
            default -> v1(chat);
        };
    }

    private static String v1(Chat chat) {
        List<ChatMessage> messages = chat.messages();
        String system = null;
        if (!messages.isEmpty() && Py.is(messages.getFirst(), "system")) {
            system = Py.content(messages.getFirst());
            messages = messages.subList(1, messages.size());
        }
        StringBuilder out = new StringBuilder(chat.bos());
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (Py.is(m, "user") != (i % 2 == 0)) {
                throw Failures.alternation();
            }
            if (Py.is(m, "user")) {
                String text = i == 0 && system != null ? system + "\n\n" + Py.content(m) : Py.content(m);
                out.append("[INST] ").append(text).append(" [/INST]");
            } else {
                out.append(Py.content(m)).append(chat.eos());
            }
        }
        return out.toString();
    }

    private static String tekken(Chat chat) {
        List<ChatMessage> messages = chat.messages();
        String system = null;
        if (!messages.isEmpty() && Py.is(messages.getFirst(), "system")) {
            system = Py.content(messages.getFirst());
            messages = messages.subList(1, messages.size());
        }
        checkAlternation(messages, m -> Py.is(m, "tool") || Py.is(m, "tool_results") || !m.toolCalls().isEmpty());
        ChatMessage lastUser = lastUser(messages);
        StringBuilder out = new StringBuilder(chat.bos());
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (Py.is(m, "user")) {
                if (chat.hasTools() && m.equals(lastUser)) {
                    appendTekkenTools(out, chat);
                }
                String text = i == messages.size() - 1 && system != null ? system + "\n\n" + Py.content(m)
                        : Py.content(m);
                out.append("[INST]").append(text).append("[/INST]");
            } else if (!m.toolCalls().isEmpty()) {
                out.append("[TOOL_CALLS][");
                for (int c = 0; c < m.toolCalls().size(); c++) {
                    ToolCall call = m.toolCalls().get(c);
                    String function = Py.tojson(orderedFunction(call)); // {"name": ..., "arguments": ...}
                    out.append(function, 0, function.length() - 1);
                    checkCallId(call.id());
                    out.append(", \"id\": \"").append(call.id()).append("\"}");
                    out.append(c < m.toolCalls().size() - 1 ? ", " : "]" + chat.eos());
                }
            } else if (Py.is(m, "assistant")) {
                out.append(Py.content(m)).append(chat.eos());
            } else if (Py.is(m, "tool") || Py.is(m, "tool_results")) {
                out.append("[TOOL_RESULTS]{\"content\": ").append(Py.content(m)).append(", ");
                checkCallId(m.toolCallId());
                out.append("\"call_id\": \"").append(m.toolCallId()).append("\"}[/TOOL_RESULTS]");
            } else {
                throw Failures.template("Only user and assistant roles are supported, with the exception of an "
                        + "initial optional system message!");
            }
        }
        return out.toString();
    }

    private static Map<String, Object> orderedFunction(ToolCall call) {
        Map<String, Object> f = new java.util.LinkedHashMap<>();
        f.put("name", call.name());
        f.put("arguments", Py.arguments(call));
        return f;
    }

    /** Nemo writes each tool's function fields itself: strings unescaped in quotes, the rest as JSON. */
    @SuppressWarnings("unchecked")
    private static void appendTekkenTools(StringBuilder out, Chat chat) {
        out.append("[AVAILABLE_TOOLS][");
        List<Object> tools = chat.tools();
        for (int t = 0; t < tools.size(); t++) {
            Map<String, Object> function = (Map<String, Object>) ((Map<String, Object>) tools.get(t)).get("function");
            out.append("{\"type\": \"function\", \"function\": {");
            List<String> fields = new ArrayList<>();
            function.forEach((key, val) -> {
                if (!key.equals("return")) {
                    fields.add(val instanceof String s ? "\"" + key + "\": \"" + s + "\""
                            : "\"" + key + "\": " + Py.tojson(val));
                }
            });
            out.append(String.join(", ", fields)).append("}}");
            out.append(t < tools.size() - 1 ? ", " : "]");
        }
        out.append("[/AVAILABLE_TOOLS]");
    }

    private static String small(Chat chat) {
        List<ChatMessage> messages = chat.messages();
        String system = SMALL_SYSTEM_BEFORE_DATE + Strftime.format(chat.now(), "%Y-%m-%d") + SMALL_SYSTEM_AFTER_DATE;
        if (!messages.isEmpty() && Py.is(messages.getFirst(), "system")) {
            system = firstText(messages.getFirst());
            messages = messages.subList(1, messages.size());
        }
        checkAlternation(messages, m -> Py.is(m, "tool") || !m.toolCalls().isEmpty());
        ChatMessage lastUser = lastUser(messages);
        StringBuilder out = new StringBuilder(chat.bos());
        out.append("[SYSTEM_PROMPT]").append(system).append("[/SYSTEM_PROMPT]");
        for (ChatMessage m : messages) {
            switch (m.role()) {
                case "system" -> out.append("[SYSTEM_PROMPT]").append(firstText(m)).append("[/SYSTEM_PROMPT]");
                case "user" -> {
                    if (chat.hasTools() && m.equals(lastUser)) {
                        out.append("[AVAILABLE_TOOLS]").append(Py.tojson(chat.tools())).append("[/AVAILABLE_TOOLS]");
                    }
                    out.append("[INST]").append(blocks(m)).append("[/INST]");
                }
                case "assistant" -> {
                    if (!m.toolCalls().isEmpty()) {
                        for (ToolCall call : m.toolCalls()) {
                            out.append("[TOOL_CALLS]").append(call.name());
                            checkCallId(call.id());
                            out.append("[CALL_ID]").append(call.id()).append("[ARGS]")
                                    .append(Py.tojson(Py.arguments(call)));
                        }
                    } else {
                        out.append(blocks(m));
                    }
                    out.append(chat.eos());
                }
                case "tool", "tool_results" -> {
                    checkCallId(m.toolCallId());
                    out.append("[TOOL_RESULTS]").append(m.toolCallId()).append("[TOOL_CONTENT]").append(Py.content(m))
                            .append("[/TOOL_RESULTS]");
                }
                default -> throw Failures.template("Only system, user, assistant, and tool roles are supported!");
            }
        }
        return out.toString();
    }

    /** The content, or its parts: text as it is, an image as {@code [IMG]}. */
    private static String blocks(ChatMessage m) {
        if (m.contentParts().isEmpty()) {
            return Py.content(m);
        }
        StringBuilder sb = new StringBuilder();
        for (ContentPart part : m.contentParts()) {
            switch (part.type()) {
                case "text" -> sb.append(part.text() == null ? "" : part.text());
                case "image", "image_url" -> sb.append("[IMG]");
                default -> throw Failures.template("Only text and image blocks are supported in message content!");
            }
        }
        return sb.toString();
    }

    private static String firstText(ChatMessage m) {
        if (m.contentParts().isEmpty()) {
            return Py.content(m);
        }
        String text = m.contentParts().getFirst().text();
        return text == null ? "" : text;
    }

    private static void checkAlternation(List<ChatMessage> messages, java.util.function.Predicate<ChatMessage> skip) {
        int index = 0;
        for (ChatMessage m : messages) {
            if (!skip.test(m)) {
                if (Py.is(m, "user") != (index % 2 == 0)) {
                    throw Failures.template(ALTERNATION);
                }
                index++;
            }
        }
    }

    private static ChatMessage lastUser(List<ChatMessage> messages) {
        ChatMessage last = null;
        for (ChatMessage m : messages) {
            if (Py.is(m, "user")) {
                last = m;
            }
        }
        return last;
    }

    private static void checkCallId(String id) {
        if (id == null || id.length() != 9) {
            throw Failures.template(CALL_ID);
        }
    }
}
