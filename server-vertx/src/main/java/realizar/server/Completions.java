package realizar.server;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import realizar.runtime.LoadedModel;
import realizar.runtime.generate.GenerationRequest;
import realizar.runtime.generate.GenerationResult;
import realizar.runtime.generate.StopReason;
import realizar.runtime.generate.TokenListener;
import realizar.runtime.generate.TokenLogprob;

/**
 * {@code POST /v1/completions}: a text prompt (or an array of token ids) continued, with OpenAI's parameters,
 * {@code logprobs} (the K most likely tokens per step) and {@code stream}.
 */
final class Completions {
    private final LoadedModel model;
    private final ObjectMapper json;
    private final String modelId;

    record Job(int[] promptIds, GenerationRequest request, boolean stream, boolean echo, String prompt) {
    }

    Completions(LoadedModel model, ObjectMapper json, String modelId) {
        this.model = model;
        this.json = json;
        this.modelId = modelId;
    }

    Job parse(JsonNode body) {
        JsonFields f = new JsonFields(body);
        OpenAiRequest.singleChoice(f);
        JsonNode prompt = body.get("prompt");
        int[] ids;
        String text = null;
        if (prompt != null && prompt.isTextual()) {
            text = prompt.asText();
            ids = model.tokenize(text, true, false);
        } else if (prompt != null && prompt.isArray() && !prompt.isEmpty() && prompt.get(0).isInt()) {
            ids = new int[prompt.size()];
            for (int i = 0; i < ids.length; i++) {
                JsonNode id = prompt.get(i);
                if (!id.isInt() || id.asInt() < 0 || id.asInt() >= model.model().vocabSize()) {
                    throw ApiError.badField("prompt", "prompt[" + i + "] is not a token id below " + model.model().vocabSize());
                }
                ids[i] = id.asInt();
            }
        } else {
            throw ApiError.badField("prompt", "'prompt' must be a string or a non-empty array of token ids");
        }
        int maxTokens = (int) f.integer("max_tokens", 16, 0, model.contextLength());
        if (ids.length + maxTokens > model.contextLength()) {
            throw ApiError.badField("max_tokens", "prompt (" + ids.length + " tokens) plus max_tokens (" + maxTokens
                    + ") exceeds the context length " + model.contextLength());
        }
        int logprobs = (int) f.integer("logprobs", 0, 0, 20);
        var sampling = OpenAiRequest.sampling(body, f, model.model().vocabSize());
        return new Job(ids, new GenerationRequest(ids, maxTokens, sampling, OpenAiRequest.stop(body), logprobs, false),
                OpenAiRequest.flag(body, "stream"), OpenAiRequest.flag(body, "echo"), text);
    }

    ObjectNode run(Job job, SseWriter sse) {
        String id = "cmpl-" + Long.toHexString(System.nanoTime());
        long created = System.currentTimeMillis() / 1000;
        if (sse != null && job.echo() && job.prompt() != null) {
            sse.send(chunk(id, created, job.prompt(), null).toString());
        }
        TokenListener listener = sse == null ? TokenListener.NONE : new TokenListener() {
            @Override
            public void onToken(int token, String delta) {
                if (!delta.isEmpty()) {
                    sse.send(chunk(id, created, delta, null).toString());
                }
            }

            @Override
            public boolean isCancelled() {
                return sse.isClosed();
            }
        };
        GenerationResult r = model.generate(job.request(), List.of(), listener);
        String finish = r.stopReason() == StopReason.LENGTH || r.stopReason() == StopReason.CONTEXT ? "length" : "stop";
        if (sse != null) {
            sse.send(chunk(id, created, "", finish).toString());
            sse.done();
            return null;
        }
        ObjectNode out = chunk(id, created, (job.echo() && job.prompt() != null ? job.prompt() : "") + r.text(), finish);
        out.put("object", "text_completion");
        if (job.request().logprobs() > 0) {
            ObjectNode lp = ((ObjectNode) out.get("choices").get(0)).putObject("logprobs");
            ArrayNode tokens = lp.putArray("tokens");
            ArrayNode tokenLogprobs = lp.putArray("token_logprobs");
            ArrayNode top = lp.putArray("top_logprobs");
            int[] output = r.outputIds();
            for (int i = 0; i < output.length && i < r.topLogprobs().size(); i++) {
                tokens.add(model.tokenizer().piece(output[i]));
                ObjectNode candidates = top.addObject();
                Float chosen = null;
                for (TokenLogprob t : r.topLogprobs().get(i)) {
                    candidates.put(model.tokenizer().piece(t.id()), t.logprob());
                    if (t.id() == output[i]) {
                        chosen = t.logprob();
                    }
                }
                if (chosen == null) {
                    tokenLogprobs.addNull(); // sampled outside the reported top K
                } else {
                    tokenLogprobs.add(chosen);
                }
            }
        } else {
            ((ObjectNode) out.get("choices").get(0)).putNull("logprobs");
        }
        out.putObject("usage").put("prompt_tokens", job.promptIds().length).put("completion_tokens", r.outputIds().length)
                .put("total_tokens", job.promptIds().length + r.outputIds().length);
        return out;
    }

    private ObjectNode chunk(String id, long created, String text, String finish) {
        ObjectNode out = json.createObjectNode().put("id", id).put("object", "text_completion").put("created", created).put("model", modelId);
        ObjectNode choice = out.putArray("choices").addObject().put("index", 0).put("text", text);
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return out;
    }
}
