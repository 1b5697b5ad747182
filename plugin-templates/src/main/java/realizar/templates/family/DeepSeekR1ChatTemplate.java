package realizar.templates.family;

import java.util.List;
import realizar.api.chat.ChatMessage;
import realizar.api.chat.ToolCall;

/**
 * DeepSeek-R1 and its distills ({@code <｜User｜>...<｜Assistant｜>...<｜end▁of▁sentence｜>}, the generation prompt
 * opening {@code <think>}). Variants: {@code llama} (R1-Distill-Llama: arguments written as given) and {@code qwen}
 * (R1-Distill-Qwen as llama.cpp ships it: arguments as JSON; the think block closed at once unless
 * {@code enable_thinking} is true). Earlier assistant turns lose their reasoning.
 */
public final class DeepSeekR1ChatTemplate extends BuiltinChatTemplate {
    private static final String END = "<｜end▁of▁sentence｜>";

    @Override
    public String name() {
        return "deepseek-r1";
    }

    @Override
    public String description() {
        return "DeepSeek-R1 / R1-Distill <｜User｜><｜Assistant｜><think>";
    }

    @Override
    protected String recognise(String jinja) {
        if (!jinja.contains("<｜Assistant｜>") || !jinja.contains("<think>")) {
            return null;
        }
        if (jinja.contains("| tojson") && jinja.contains("enable_thinking")) {
            return "qwen";
        }
        return jinja.contains("| tojson") ? null : "llama";
    }

    @Override
    protected String variantForName(String lowerName) {
        return lowerName.contains("qwen") ? "qwen" : "llama";
    }

    @Override
    protected int guess(String architecture, String lowerName) {
        return lowerName.contains("deepseek-r1") || lowerName.contains("r1-distill") ? NAME_GUESS : 0;
    }

    @Override
    protected List<String> stopStrings(String variant) {
        return List.of(END);
    }

    @Override
    protected String render(String variant, Chat chat) {
        boolean qwen = variant.equals("qwen");
        String system = "";
        for (ChatMessage m : chat.messages()) {
            if (Py.is(m, "system")) {
                system = Py.content(m);
            }
        }
        StringBuilder out = new StringBuilder(chat.bos()).append(system);
        boolean isTool = false;
        boolean firstCallWritten = false; // never reset: only the conversation's first call opens the block
        boolean firstOutput = true;
        for (ChatMessage m : chat.messages()) {
            if (Py.is(m, "user")) {
                isTool = false;
                out.append("<｜User｜>").append(Py.content(m));
            }
            boolean writesCalls = qwen ? !m.toolCalls().isEmpty() : m.text() == null;
            if (Py.is(m, "assistant") && writesCalls) {
                isTool = false;
                for (ToolCall call : m.toolCalls()) {
                    String args = qwen ? Py.tojson(Py.arguments(call)) : stringArguments(call);
                    String body = "function<｜tool▁sep｜>" + call.name() + "\n```json\n" + args + "\n```<｜tool▁call▁end｜>";
                    if (!firstCallWritten) {
                        out.append("<｜Assistant｜><｜tool▁calls▁begin｜><｜tool▁call▁begin｜>").append(body);
                        firstCallWritten = true;
                    } else {
                        out.append("\n<｜tool▁call▁begin｜>").append(body);
                        if (!qwen) {
                            out.append("<｜tool▁calls▁end｜>").append(END);
                        }
                    }
                }
                if (qwen) {
                    out.append("<｜tool▁calls▁end｜>").append(END);
                }
            }
            if (Py.is(m, "assistant") && m.text() != null) {
                if (isTool) {
                    out.append("<｜tool▁outputs▁end｜>").append(m.text()).append(END);
                    isTool = false;
                } else {
                    List<String> parts = Py.split(m.text(), "</think>");
                    out.append("<｜Assistant｜>").append(parts.getLast()).append(END);
                }
            }
            if (Py.is(m, "tool")) {
                isTool = true;
                out.append(firstOutput ? "<｜tool▁outputs▁begin｜><｜tool▁output▁begin｜>" : "\n<｜tool▁output▁begin｜>")
                        .append(Py.content(m)).append("<｜tool▁output▁end｜>");
                firstOutput = false;
            }
        }
        if (isTool) {
            out.append("<｜tool▁outputs▁end｜>");
        }
        if (chat.generationPrompt() && !isTool) {
            out.append("<｜Assistant｜><think>\n");
            if (qwen && !Boolean.TRUE.equals(chat.extra("enable_thinking"))) {
                out.append("</think>");
            }
        }
        return out.toString();
    }

    /** R1-Distill-Llama concatenates the arguments as text; an object there fails in Python, and here. */
    private static String stringArguments(ToolCall call) {
        if (Py.arguments(call) instanceof String s) {
            return s;
        }
        throw Failures.template("TypeError: can only concatenate str (not \"dict\") to str (tool call arguments)");
    }
}
