package realizar.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import realizar.runtime.sampling.SamplingParams;

/** The parts of an OpenAI completions / chat completions request every endpoint reads the same way. */
final class OpenAiRequest {
    private OpenAiRequest() {
    }

    static SamplingParams sampling(JsonNode body, JsonFields f, int vocabSize) {
        float temperature = (float) f.number("temperature", 1.0, 0, 2, false);
        float topP = (float) f.number("top_p", 1.0, 0, 1, true);
        int topK = (int) f.integer("top_k", 0, 0, vocabSize);
        float minP = (float) f.number("min_p", 0.0, 0, 1, false);
        float presence = (float) f.number("presence_penalty", 0, -2, 2, false);
        float frequency = (float) f.number("frequency_penalty", 0, -2, 2, false);
        float repeat = (float) f.number("repeat_penalty", 1.0, 0, 10, true);
        long seed = f.integer("seed", System.nanoTime(), Long.MIN_VALUE, Long.MAX_VALUE);
        return new SamplingParams(temperature, topK, topP, minP, repeat, 64, presence, frequency, seed, logitBias(body, vocabSize));
    }

    static Map<Integer, Float> logitBias(JsonNode body, int vocabSize) {
        JsonNode bias = body.get("logit_bias");
        if (bias == null || bias.isNull()) {
            return Map.of();
        }
        if (!bias.isObject()) {
            throw ApiError.badField("logit_bias", "'logit_bias' must be an object of token id → bias");
        }
        Map<Integer, Float> out = new java.util.HashMap<>();
        for (var it = bias.fields(); it.hasNext(); ) {
            var e = it.next();
            int id;
            try {
                id = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw ApiError.badField("logit_bias", "'logit_bias' key '" + e.getKey() + "' is not a token id");
            }
            if (id < 0 || id >= vocabSize || !e.getValue().isNumber() || Math.abs(e.getValue().asDouble()) > 100) {
                throw ApiError.badField("logit_bias", "'logit_bias' entry " + e.getKey() + " must be a token id below "
                        + vocabSize + " with a bias in [-100, 100]");
            }
            out.put(id, (float) e.getValue().asDouble());
        }
        return out;
    }

    static List<String> stop(JsonNode body) {
        JsonNode stop = body.get("stop");
        List<String> out = new ArrayList<>();
        if (stop == null || stop.isNull()) {
            return out;
        }
        if (stop.isTextual()) {
            out.add(stop.asText());
        } else if (stop.isArray() && stop.size() <= 16) {
            for (JsonNode s : stop) {
                if (!s.isTextual() || s.asText().isEmpty()) {
                    throw ApiError.badField("stop", "'stop' entries must be non-empty strings");
                }
                out.add(s.asText());
            }
        } else {
            throw ApiError.badField("stop", "'stop' must be a string or an array of at most 16 strings");
        }
        return out;
    }

    static boolean flag(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw ApiError.badField(field, "'" + field + "' must be true or false");
        }
        return n.asBoolean();
    }

    /** {@code n} other than 1 is refused rather than silently ignored. */
    static void singleChoice(JsonFields f) {
        f.integer("n", 1, 1, 1);
    }
}
