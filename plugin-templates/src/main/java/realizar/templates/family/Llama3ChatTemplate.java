package realizar.templates.family;

import java.util.List;
import realizar.api.chat.ChatMessage;
import realizar.templates.jinja.el.Strftime;

/**
 * Llama 3 ({@code <|start_header_id|>role<|end_header_id|>\n\n...<|eot_id|>}). Variants: {@code 3.0} (no tools,
 * always opens an assistant turn), {@code 3.1} (also 3.3; tools as JSON in the first user message, fixed date
 * "26 Jul 2024"), {@code 3.2} (as 3.1, today's date from the render clock). Tool calls are written
 * {@code {"name": ..., "parameters": {...}}}, tool results as an {@code ipython} turn.
 */
public final class Llama3ChatTemplate extends BuiltinChatTemplate {
    private static final String HEADER_END = "<|end_header_id|>\n\n";
    private static final String RESPOND = "Respond in the format {\"name\": function name, \"parameters\": "
            + "dictionary of argument name and its value}.";

    public Llama3ChatTemplate() {
    }

    Llama3ChatTemplate(java.util.function.Supplier<java.time.LocalDateTime> clock) {
        super(clock);
    }

    @Override
    public String name() {
        return "llama3";
    }

    @Override
    public String description() {
        return "Llama 3 / 3.1 / 3.2 / 3.3 with JSON tool calls";
    }

    @Override
    protected String recognise(String jinja) {
        if (!jinja.contains("<|start_header_id|>")) {
            return null;
        }
        if (jinja.contains("strftime_now")) {
            return "3.2";
        }
        return jinja.contains("Cutting Knowledge Date") ? "3.1" : "3.0";
    }

    @Override
    protected String variantForName(String lowerName) {
        String n = lowerName.replace("llama-", "llama").replace("llama ", "llama");
        if (n.contains("llama3.2")) {
            return "3.2";
        }
        return n.contains("llama3.1") || n.contains("llama3.3") ? "3.1" : "3.0";
    }

    @Override
    protected int guess(String architecture, String lowerName) {
        if (lowerName.contains("llama-3") || lowerName.contains("llama3") || lowerName.contains("llama 3")) {
            return NAME_GUESS;
        }
        return architecture.equals("llama") ? ARCHITECTURE_GUESS : 0;
    }

    @Override
    protected boolean probesTools(String variant) {
        return !variant.equals("3.0");
    }

    @Override
    protected List<String> stopStrings(String variant) {
        return List.of("<|eot_id|>", "<|eom_id|>", "<|end_of_text|>");
    }

    @Override
    protected String render(String variant, Chat chat) {
        return variant.equals("3.0") ? llama30(chat) : llama31(variant, chat);
    }

    private static String llama30(Chat chat) {
        StringBuilder out = new StringBuilder();
        List<ChatMessage> messages = chat.messages();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (i == 0) {
                out.append(chat.bos());
            }
            out.append("<|start_header_id|>").append(m.role()).append(HEADER_END).append(Py.trim(Py.content(m)))
                    .append("<|eot_id|>");
        }
        return out.append("<|start_header_id|>assistant").append(HEADER_END).toString();
    }

    private static String llama31(String variant, Chat chat) {
        boolean toolsInUserMessage = !Boolean.FALSE.equals(chat.extra("tools_in_user_message"));
        String date = chat.extra("date_string") instanceof String d ? d
                : variant.equals("3.2") ? Strftime.format(chat.now(), "%d %b %Y") : "26 Jul 2024";
        List<ChatMessage> messages = chat.messages();
        String system = "";
        if (!messages.isEmpty() && Py.is(messages.getFirst(), "system")) {
            system = Py.trim(Py.content(messages.getFirst()));
            messages = messages.subList(1, messages.size());
        }
        StringBuilder out = new StringBuilder(chat.bos());
        out.append("<|start_header_id|>system").append(HEADER_END);
        if (chat.hasTools()) {
            out.append("Environment: ipython\n");
        }
        out.append("Cutting Knowledge Date: December 2023\n").append("Today Date: ").append(date).append("\n\n");
        if (chat.hasTools() && !toolsInUserMessage) {
            out.append("You have access to the following functions. To call a function, please respond with JSON "
                    + "for a function call.").append(RESPOND).append("Do not use variables.\n\n");
            appendTools(out, chat);
        }
        out.append(system).append("<|eot_id|>");
        if (chat.hasTools() && toolsInUserMessage) {
            if (messages.isEmpty()) {
                throw Failures.template("Cannot put tools in the first user message when there's no first user message!");
            }
            String firstUser = Py.trim(Py.content(messages.getFirst()));
            messages = messages.subList(1, messages.size());
            out.append("<|start_header_id|>user").append(HEADER_END)
                    .append("Given the following functions, please respond with a JSON for a function call ")
                    .append("with its proper arguments that best answers the given prompt.\n\n")
                    .append(RESPOND).append("Do not use variables.\n\n");
            appendTools(out, chat);
            out.append(firstUser).append("<|eot_id|>");
        }
        for (ChatMessage m : messages) {
            boolean toolResult = Py.is(m, "tool") || Py.is(m, "ipython");
            if (!toolResult && m.toolCalls().isEmpty()) {
                out.append("<|start_header_id|>").append(m.role()).append(HEADER_END).append(Py.trim(Py.content(m)))
                        .append("<|eot_id|>");
            } else if (!m.toolCalls().isEmpty()) {
                if (m.toolCalls().size() != 1) {
                    throw Failures.template("This model only supports single tool-calls at once!");
                }
                var call = m.toolCalls().getFirst();
                out.append("<|start_header_id|>assistant").append(HEADER_END).append("{\"name\": \"")
                        .append(call.name()).append("\", \"parameters\": ").append(Py.tojson(Py.arguments(call)))
                        .append("}<|eot_id|>");
            } else {
                // The template tests "is mapping or is iterable"; a string is iterable, so it is JSON-quoted.
                out.append("<|start_header_id|>ipython").append(HEADER_END).append(Py.tojson(Py.content(m)))
                        .append("<|eot_id|>");
            }
        }
        if (chat.generationPrompt()) {
            out.append("<|start_header_id|>assistant").append(HEADER_END);
        }
        return out.toString();
    }

    private static void appendTools(StringBuilder out, Chat chat) {
        for (Object tool : chat.tools()) {
            out.append(Py.tojson(tool, 4)).append("\n\n");
        }
    }
}
