package realizar.runtime.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.chat.ChatMessage;
import realizar.api.chat.ChatTemplate;
import realizar.api.chat.RenderedPrompt;
import realizar.api.chat.TemplateRequest;
import realizar.api.chat.TemplateSource;
import realizar.api.chat.ToolCall;
import realizar.api.chat.ToolCallParser;
import realizar.api.chat.ToolEvent;
import realizar.api.chat.ToolFormat;
import realizar.api.chat.ToolSpec;
import realizar.runtime.grammar.Grammar;
import realizar.runtime.grammar.ToolCallGrammar;

/**
 * The agent loop: render the conversation with the tools, let the model reply, parse tool calls out of the reply, run
 * them, feed the results (or the errors) back, and repeat until the model answers without calling a tool or
 * {@code maxIterations} model turns have been taken.
 *
 * <p>{@code tool_choice}: {@code none} offers no tools; {@code required} and a named tool constrain the model's reply
 * to a call (a grammar over the tools' JSON schemas) for the first turn, after which the choice falls back to
 * {@code auto} — as OpenAI's agents do, since forcing a call on every turn could never end.
 *
 * <p>One executor per conversation; not thread-safe. Pass an {@link AgentListener} to stream the run.
 */
public final class AgentExecutor {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Everything a run needs besides the conversation. */
    public record Config(ChatTemplate template, TemplateSource source, ToolFormat toolFormat, List<ToolSpec> tools,
                         ToolChoice toolChoice, int maxIterations, String bosToken, String eosToken, Map<String, Object> extra) {
        public Config {
            tools = List.copyOf(tools);
            extra = extra == null ? Map.of() : Map.copyOf(extra);
            if (maxIterations < 1) {
                throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "max_iterations must be >= 1, got " + maxIterations);
            }
            if (toolChoice instanceof ToolChoice.Named n && tools.stream().noneMatch(t -> t.name().equals(n.name()))) {
                throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "tool_choice names '" + n.name() + "', which is not among the tools");
            }
            if (toolChoice instanceof ToolChoice.Required && tools.isEmpty()) {
                throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "tool_choice 'required' needs at least one tool");
            }
        }
    }

    private final ChatTurn model;
    private final ToolHandler handler;
    private final Config config;

    public AgentExecutor(ChatTurn model, ToolHandler handler, Config config) {
        this.model = model;
        this.handler = handler;
        this.config = config;
    }

    public AgentResult run(List<ChatMessage> conversation) {
        return run(conversation, AgentListener.NONE);
    }

    /** Runs the loop, reporting text and tool activity to {@code listener} as it happens. */
    public AgentResult run(List<ChatMessage> conversation, AgentListener listener) {
        List<ChatMessage> messages = new ArrayList<>(conversation);
        ToolChoice choice = config.toolChoice();
        for (int turn = 1; turn <= config.maxIterations(); turn++) {
            List<ToolSpec> offered = offered(choice);
            RenderedPrompt prompt = config.template().render(config.source(), new TemplateRequest(messages, offered, true,
                    config.bosToken(), config.eosToken(), config.extra()));
            Reply reply = forced(choice) ? forcedCall(prompt, offered) : freeReply(prompt, listener);
            if (reply.calls.isEmpty()) {
                messages.add(ChatMessage.assistant(reply.text));
                return new AgentResult(messages, reply.text, turn, AgentResult.Reason.ANSWERED);
            }
            messages.add(ChatMessage.assistant(reply.text.isEmpty() ? null : reply.text, reply.calls));
            for (ToolCall call : reply.calls) {
                listener.onToolCall(call);
                messages.add(ChatMessage.tool(call.id(), call.name(), runTool(call, listener)));
            }
            choice = choice instanceof ToolChoice.None ? choice : ToolChoice.auto();
        }
        return new AgentResult(messages, "", config.maxIterations(), AgentResult.Reason.MAX_ITERATIONS);
    }

    private record Reply(String text, List<ToolCall> calls) {
    }

    private List<ToolSpec> offered(ToolChoice choice) {
        return switch (choice) {
            case ToolChoice.None n -> List.of();
            case ToolChoice.Named n -> config.tools().stream().filter(t -> t.name().equals(n.name())).toList();
            default -> config.tools();
        };
    }

    private static boolean forced(ToolChoice choice) {
        return choice instanceof ToolChoice.Required || choice instanceof ToolChoice.Named;
    }

    /** The reply is constrained to {@code {"name": …, "arguments": {…}}} for one of the offered tools. */
    private Reply forcedCall(RenderedPrompt prompt, List<ToolSpec> offered) {
        Grammar grammar = ToolCallGrammar.singleCall(offered);
        String text = model.generate(prompt.prompt(), prompt.stopStrings(), grammar, delta -> {
        });
        try {
            JsonNode call = JSON.readTree(text);
            return new Reply("", List.of(new ToolCall(newId(), call.get("name").asText(), JSON.writeValueAsString(call.get("arguments")))));
        } catch (JsonProcessingException | NullPointerException e) {
            // The grammar admits only complete calls, so an incomplete one means the token limit cut it off.
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT,
                    "the model's tool call was cut off by the token limit before it was complete; raise max_tokens (got: " + text + ")", e);
        }
    }

    /** The model writes freely; the tool format's streaming parser separates text from calls. */
    private Reply freeReply(RenderedPrompt prompt, AgentListener listener) {
        ToolCallParser parser = config.toolFormat().newParser();
        CallCollector collector = new CallCollector(listener);
        model.generate(prompt.prompt(), prompt.stopStrings(), null, delta -> parser.feed(delta, collector));
        parser.finish(collector);
        return new Reply(collector.text.toString(), collector.calls());
    }

    private String runTool(ToolCall call, AgentListener listener) {
        try {
            String result = handler.call(call);
            listener.onToolResult(call, result, false);
            return result;
        } catch (Exception e) {
            String message = e.getMessage() != null ? e.getMessage() : e.toString();
            String error;
            try {
                error = JSON.writeValueAsString(Map.of("error", message));
            } catch (JsonProcessingException impossible) {
                error = "{\"error\": \"tool failed\"}";
            }
            listener.onToolResult(call, error, true);
            return error;
        }
    }

    static String newId() {
        return "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Gathers a reply's text and complete calls from the parser's events, streaming the text on. */
    private static final class CallCollector implements java.util.function.Consumer<ToolEvent> {
        private final AgentListener listener;
        private final StringBuilder text = new StringBuilder();
        private final Map<Integer, String[]> open = new java.util.TreeMap<>();
        private final Map<Integer, StringBuilder> arguments = new java.util.HashMap<>();
        private final List<ToolCall> done = new ArrayList<>();

        CallCollector(AgentListener listener) {
            this.listener = listener;
        }

        @Override
        public void accept(ToolEvent event) {
            switch (event) {
                case ToolEvent.Text t -> {
                    text.append(t.text());
                    listener.onText(t.text());
                }
                case ToolEvent.CallStart s -> {
                    open.put(s.index(), new String[] {s.id() != null ? s.id() : newId(), s.name()});
                    arguments.put(s.index(), new StringBuilder());
                }
                case ToolEvent.ArgumentsDelta d -> arguments.computeIfAbsent(d.index(), k -> new StringBuilder()).append(d.delta());
                case ToolEvent.CallEnd e -> {
                    String[] idName = open.remove(e.index());
                    if (idName != null) {
                        String args = arguments.remove(e.index()).toString();
                        done.add(new ToolCall(idName[0], idName[1], args.isBlank() ? "{}" : args));
                    }
                }
                case ToolEvent.Error err -> {
                    // A call that broke off is abandoned; its raw text stays part of the reply.
                    open.clear();
                    arguments.clear();
                    text.append(err.raw());
                    listener.onMalformedCall(err.message(), err.raw());
                }
            }
        }

        List<ToolCall> calls() {
            return List.copyOf(done);
        }
    }
}
