package realizar.server;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import realizar.runtime.LoadedModel;
import realizar.runtime.generate.GenerationRequest;
import realizar.runtime.generate.GenerationResult;
import realizar.runtime.generate.TokenListener;
import realizar.runtime.sampling.SamplingParams;

/**
 * {@code POST /generate}: {@code {"prompt", "max_tokens", "temperature", "top_k", "top_p", "seed"}} →
 * {@code {"text", "token_ids", "num_generated"}} (generated tokens only). Parsing and validation happen on the event
 * loop (cheap); generation happens on a worker thread.
 */
final class GenerateHandler {
    static final int DEFAULT_MAX_TOKENS = 64;

    private final LoadedModel model;
    private final ObjectMapper json;

    GenerateHandler(LoadedModel model, ObjectMapper json) {
        this.model = model;
        this.json = json;
    }

    /** Validates the body into a request; throws {@link ApiError} naming the bad field. */
    GenerationRequest parse(JsonNode body) {
        JsonFields f = new JsonFields(body);
        String prompt = f.requiredString("prompt");
        int maxTokens = (int) f.integer("max_tokens", DEFAULT_MAX_TOKENS, 0, model.contextLength());
        float temperature = (float) f.number("temperature", 0.8, 0, 100, false);
        int topK = (int) f.integer("top_k", 40, 0, model.model().vocabSize());
        float topP = (float) f.number("top_p", 0.95, 0, 1, true);
        long seed = f.integer("seed", System.nanoTime(), Long.MIN_VALUE, Long.MAX_VALUE);
        SamplingParams sampling = new SamplingParams(temperature, topK, topP, 0.05f, 1f, 64, 0f, 0f, seed, null);
        int[] ids = model.tokenize(prompt, true, false);
        if (ids.length + maxTokens > model.contextLength()) {
            throw ApiError.badField("max_tokens", "prompt (" + ids.length + " tokens) plus max_tokens (" + maxTokens
                    + ") exceeds the context length " + model.contextLength());
        }
        return new GenerationRequest(ids, maxTokens, sampling, List.of(), 0, false);
    }

    /** Runs on a worker thread. */
    ObjectNode run(GenerationRequest request) {
        GenerationResult r = model.generate(request, List.of(), TokenListener.NONE);
        ObjectNode out = json.createObjectNode();
        out.put("text", r.text());
        ArrayNode ids = out.putArray("token_ids");
        for (int id : r.outputIds()) {
            ids.add(id);
        }
        out.put("num_generated", r.outputIds().length);
        out.put("stop_reason", r.stopReason().name().toLowerCase(java.util.Locale.ROOT));
        return out;
    }
}
