package realizar.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import realizar.api.chat.ChatMessage;
import realizar.api.chat.ChatTemplate;
import realizar.api.chat.RenderedPrompt;
import realizar.api.chat.TemplateRequest;
import realizar.api.chat.TemplateSource;
import realizar.api.chat.ToolCallParser;
import realizar.api.chat.ToolEvent;
import realizar.api.chat.ToolFormat;
import realizar.api.chat.ToolSpec;
import realizar.runtime.LoadedModel;
import realizar.runtime.chat.OpenAiMessages;
import realizar.runtime.generate.GenerationRequest;
import realizar.runtime.generate.GenerationResult;
import realizar.runtime.generate.StopReason;
import realizar.runtime.generate.TokenListener;
import realizar.runtime.grammar.Grammar;
import realizar.runtime.grammar.ToolCallGrammar;
import realizar.runtime.sampling.LogitProcessor;
import realizar.runtime.sampling.SamplingParams;

/**
 * {@code POST /v1/chat/completions}, as the OpenAI API defines it: messages rendered with the model's chat template,
 * {@code tools} and {@code tool_choice} (auto / none / required / a named function — the last two constrain the reply
 * to a call with a grammar over the tools' schemas), {@code response_format} json_object / json_schema (grammar),
 * {@code stop}, sampling parameters, and {@code stream} as server-sent events.
 */
final class ChatCompletions {
    private static final String ANY_JSON_OBJECT = "{\"type\": \"object\"}";

    private final LoadedModel model;
    private final ObjectMapper json;
    private final String modelId;
    private final ChatTemplate template;
    private final TemplateSource source;
    private final ToolFormat toolFormat;
    private final String bos;
    private final String eos;

    /** A validated request. */
    record Job(List<ChatMessage> messages, List<ToolSpec> offered, boolean forcedCall, Grammar grammar, SamplingParams sampling,
               int maxTokens, List<String> stop, boolean stream, boolean includeUsage) {
    }

    ChatCompletions(LoadedModel model, ObjectMapper json, String modelId, ChatTemplate template, TemplateSource source,
                    ToolFormat toolFormat) {
        this.model = model;
        this.json = json;
        this.modelId = modelId;
        this.template = template;
        this.source = source;
        this.toolFormat = toolFormat;
        var tok = model.tokenizer();
        this.bos = tok.bosId() >= 0 ? tok.piece(tok.bosId()) : "";
        this.eos = tok.eosId() >= 0 ? tok.piece(tok.eosId()) : "";
    }

    Job parse(JsonNode body) {
        JsonFields f = new JsonFields(body);
        OpenAiRequest.singleChoice(f);
        List<ChatMessage> messages = wrap(() -> OpenAiMessages.messages(body.get("messages")), "messages");
        if (messages.isEmpty()) {
            throw ApiError.badField("messages", "'messages' must not be empty");
        }
        List<ToolSpec> tools = wrap(() -> OpenAiMessages.tools(body.get("tools")), "tools");
        List<ToolSpec> offered = tools;
        boolean forced = false;
        JsonNode choice = body.get("tool_choice");
        if (choice != null && !choice.isNull()) {
            if (choice.isTextual() && choice.asText().equals("none")) {
                offered = List.of();
            } else if (choice.isTextual() && choice.asText().equals("required")) {
                forced = true;
            } else if (choice.isObject() && choice.path("function").path("name").isTextual()) {
                String name = choice.path("function").path("name").asText();
                offered = tools.stream().filter(t -> t.name().equals(name)).toList();
                if (offered.isEmpty()) {
                    throw ApiError.badField("tool_choice", "tool_choice names '" + name + "', which is not in 'tools'");
                }
                forced = true;
            } else if (!(choice.isTextual() && choice.asText().equals("auto"))) {
                throw ApiError.badField("tool_choice", "'tool_choice' must be \"auto\", \"none\", \"required\" or {\"type\": \"function\", \"function\": {\"name\": …}}");
            }
            if (forced && offered.isEmpty()) {
                throw ApiError.badField("tool_choice", "tool_choice requires a tool call but no tools were given");
            }
        }
        Grammar grammar = forced ? ToolCallGrammar.singleCall(offered) : responseFormat(body.get("response_format"));
        int maxTokens = (int) f.integer("max_completion_tokens", f.integer("max_tokens", model.contextLength(), 1, model.contextLength()), 1, model.contextLength());
        JsonNode options = body.get("stream_options");
        return new Job(messages, offered, forced, grammar, OpenAiRequest.sampling(body, f, model.model().vocabSize()), maxTokens,
                OpenAiRequest.stop(body), OpenAiRequest.flag(body, "stream"),
                options != null && options.path("include_usage").asBoolean(false));
    }

    private Grammar responseFormat(JsonNode format) {
        if (format == null || format.isNull()) {
            return null;
        }
        String type = format.path("type").asText("");
        return switch (type) {
            case "text" -> null;
            case "json_object" -> Grammar.fromJsonSchema(ANY_JSON_OBJECT);
            case "json_schema" -> {
                JsonNode schema = format.path("json_schema").path("schema");
                if (!schema.isObject()) {
                    throw ApiError.badField("response_format", "response_format.json_schema.schema must be a JSON Schema object");
                }
                yield wrap(() -> Grammar.fromJsonSchema(schema.toString()), "response_format");
            }
            default -> throw ApiError.badField("response_format", "response_format.type must be text, json_object or json_schema");
        };
    }

    /** Runs on a worker thread; streams through {@code sse} when the request asked for it, else returns the response. */
    ObjectNode run(Job job, SseWriter sse) {
        RenderedPrompt prompt = template.render(source, new TemplateRequest(job.messages(), job.offered(), true, bos, eos, Map.of()));
        int[] ids = model.tokenizeChat(prompt.prompt());
        if (ids.length >= model.contextLength()) {
            throw ApiError.badField("messages", "the conversation has " + ids.length + " tokens; the context holds " + model.contextLength());
        }
        List<String> stops = new ArrayList<>(job.stop());
        stops.addAll(prompt.stopStrings());
        List<LogitProcessor> processors = job.grammar() == null ? List.of() : List.of(model.constrainTo(job.grammar()));
        int budget = Math.min(job.maxTokens(), model.contextLength() - ids.length);
        String id = "chatcmpl-" + Long.toHexString(System.nanoTime());
        long created = System.currentTimeMillis() / 1000;

        Reply reply = new Reply();
        ToolCallParser parser = !job.offered().isEmpty() && !job.forcedCall() ? toolFormat.newParser() : null;
        Consumer<ToolEvent> events = event -> reply.on(event, sse == null ? null : chunk -> sse.send(chunk(id, created, chunk, null)));
        if (sse != null) {
            ObjectNode first = json.createObjectNode().put("role", "assistant").put("content", "");
            sse.send(chunk(id, created, first, null));
        }
        TokenListener listener = new TokenListener() {
            @Override
            public void onToken(int token, String delta) {
                if (delta.isEmpty() || job.forcedCall()) {
                    return; // a forced call is reported as a tool call once complete, not as content
                }
                if (parser != null) {
                    parser.feed(delta, events);
                } else {
                    events.accept(new ToolEvent.Text(delta));
                }
            }

            @Override
            public boolean isCancelled() {
                return sse != null && sse.isClosed();
            }
        };
        GenerationResult result = model.generate(new GenerationRequest(ids, budget, job.sampling(), stops, 0, false), processors, listener);
        if (parser != null) {
            parser.finish(events);
        }
        if (job.forcedCall()) {
            reply.forcedCall(result.text(), json, sse == null ? null : chunk -> sse.send(chunk(id, created, chunk, null)));
        }
        String finish = !reply.calls.isEmpty() ? "tool_calls" : result.stopReason() == StopReason.LENGTH || result.stopReason() == StopReason.CONTEXT ? "length" : "stop";
        ObjectNode usage = json.createObjectNode().put("prompt_tokens", ids.length).put("completion_tokens", result.outputIds().length)
                .put("total_tokens", ids.length + result.outputIds().length);
        if (sse != null) {
            sse.send(chunk(id, created, json.createObjectNode(), finish));
            if (job.includeUsage()) {
                ObjectNode last = envelope(id, created, "chat.completion.chunk");
                last.putArray("choices");
                last.set("usage", usage);
                sse.send(last.toString());
            }
            sse.done();
            return null;
        }
        ObjectNode out = envelope(id, created, "chat.completion");
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (reply.calls.isEmpty()) {
            message.put("content", reply.text.toString());
        } else {
            message.put("content", reply.text.isEmpty() ? null : reply.text.toString());
            message.set("tool_calls", reply.calls);
        }
        choice.put("finish_reason", finish);
        out.set("usage", usage);
        return out;
    }

    private ObjectNode envelope(String id, long created, String object) {
        return json.createObjectNode().put("id", id).put("object", object).put("created", created).put("model", modelId);
    }

    private String chunk(String id, long created, ObjectNode delta, String finish) {
        ObjectNode out = envelope(id, created, "chat.completion.chunk");
        ObjectNode choice = out.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return out.toString();
    }

    /** The assistant's reply as it forms: text, and tool calls in OpenAI's shape; streamed as deltas when asked. */
    private final class Reply {
        final StringBuilder text = new StringBuilder();
        final ArrayNode calls = json.createArrayNode();
        private final Map<Integer, ObjectNode> open = new java.util.HashMap<>();

        void on(ToolEvent event, Consumer<ObjectNode> stream) {
            switch (event) {
                case ToolEvent.Text t -> {
                    text.append(t.text());
                    if (stream != null) {
                        stream.accept(json.createObjectNode().put("content", t.text()));
                    }
                }
                case ToolEvent.CallStart s -> {
                    ObjectNode call = json.createObjectNode().put("id", s.id()).put("type", "function");
                    call.putObject("function").put("name", s.name()).put("arguments", "");
                    open.put(s.index(), call);
                    if (stream != null) {
                        ObjectNode d = json.createObjectNode();
                        ObjectNode c = d.putArray("tool_calls").addObject().put("index", calls.size() + open.size() - 1)
                                .put("id", s.id()).put("type", "function");
                        c.putObject("function").put("name", s.name()).put("arguments", "");
                        stream.accept(d);
                    }
                }
                case ToolEvent.ArgumentsDelta a -> {
                    ObjectNode call = open.get(a.index());
                    if (call != null) {
                        ObjectNode fn = (ObjectNode) call.get("function");
                        fn.put("arguments", fn.get("arguments").asText() + a.delta());
                        if (stream != null) {
                            ObjectNode d = json.createObjectNode();
                            d.putArray("tool_calls").addObject().put("index", calls.size() + open.size() - 1)
                                    .putObject("function").put("arguments", a.delta());
                            stream.accept(d);
                        }
                    }
                }
                case ToolEvent.CallEnd e -> {
                    ObjectNode call = open.remove(e.index());
                    if (call != null) {
                        calls.add(call);
                    }
                }
                case ToolEvent.Error err -> {
                    open.clear();
                    on(new ToolEvent.Text(err.raw()), stream);
                }
            }
        }

        /** A grammar-forced reply is the call itself: {@code {"name": …, "arguments": {…}}}. */
        void forcedCall(String output, ObjectMapper mapper, Consumer<ObjectNode> stream) {
            JsonNode call;
            try {
                call = mapper.readTree(output);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                call = null;
            }
            if (call == null || !call.path("name").isTextual()) {
                // Cut off by max_tokens before the call was complete: report what there is, as text.
                on(new ToolEvent.Text(output), stream);
                return;
            }
            String callId = "call_" + Long.toHexString(System.nanoTime());
            on(new ToolEvent.CallStart(0, callId, call.get("name").asText()), stream);
            on(new ToolEvent.ArgumentsDelta(0, call.get("arguments").toString()), stream);
            on(new ToolEvent.CallEnd(0), stream);
        }
    }

    private static <T> T wrap(java.util.function.Supplier<T> parse, String field) {
        try {
            return parse.get();
        } catch (realizar.api.RealizarException e) {
            if (e.code() == realizar.api.ErrorCode.INVALID_ARGUMENT || e.code() == realizar.api.ErrorCode.UNSUPPORTED_OPERATION) {
                String message = e.getMessage();
                String param = message.contains(" ") && message.startsWith(field) ? message.substring(0, message.indexOf(' ')) : field;
                throw ApiError.badField(param, message);
            }
            throw e;
        }
    }
}
