package realizar.server;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import realizar.runtime.embed.EmbeddingModel;

/**
 * {@code POST /v1/embeddings}: {@code input} as a string, an array of strings, or token ids (one array or an array of
 * arrays); {@code encoding_format} float or base64 (little-endian float32, as OpenAI's clients decode it). Vectors use
 * the model's own pooling and are L2-normalised.
 */
final class Embeddings {
    static final int MAX_INPUTS = 2048;

    private final EmbeddingModel model;
    private final ObjectMapper json;
    private final String modelId;

    record Job(List<int[]> sequences, boolean base64) {
    }

    Embeddings(EmbeddingModel model, ObjectMapper json, String modelId) {
        this.model = model;
        this.json = json;
        this.modelId = modelId;
    }

    Job parse(JsonNode body) {
        new JsonFields(body);
        JsonNode input = body.get("input");
        List<int[]> sequences = new ArrayList<>();
        if (input != null && input.isTextual()) {
            sequences.add(model.tokenize(input.asText()));
        } else if (input != null && input.isArray() && !input.isEmpty() && input.size() <= MAX_INPUTS) {
            if (input.get(0).isInt()) {
                sequences.add(ids(input, "input"));
            } else {
                for (int i = 0; i < input.size(); i++) {
                    JsonNode item = input.get(i);
                    if (item.isTextual()) {
                        sequences.add(model.tokenize(item.asText()));
                    } else if (item.isArray() && !item.isEmpty()) {
                        sequences.add(ids(item, "input[" + i + "]"));
                    } else {
                        throw ApiError.badField("input", "input[" + i + "] must be a string or an array of token ids");
                    }
                }
            }
        } else {
            throw ApiError.badField("input", "'input' must be a string, or a non-empty array of at most " + MAX_INPUTS
                    + " strings or token-id arrays");
        }
        String format = body.path("encoding_format").asText("float");
        if (!format.equals("float") && !format.equals("base64")) {
            throw ApiError.badField("encoding_format", "'encoding_format' must be \"float\" or \"base64\"");
        }
        return new Job(sequences, format.equals("base64"));
    }

    private int[] ids(JsonNode array, String path) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode id = array.get(i);
            if (!id.isInt() || id.asInt() < 0 || id.asInt() >= model.tokenizer().vocabSize()) {
                throw ApiError.badField("input", path + "[" + i + "] is not a token id below " + model.tokenizer().vocabSize());
            }
            out[i] = id.asInt();
        }
        if (out.length > model.maxSequenceLength()) {
            throw ApiError.badField("input", path + " has " + out.length + " tokens; the model takes at most " + model.maxSequenceLength());
        }
        return out;
    }

    ObjectNode run(Job job) {
        float[][] vectors = model.embedTokens(job.sequences(), model.defaultPooling(), true);
        ObjectNode out = json.createObjectNode().put("object", "list").put("model", modelId);
        ArrayNode data = out.putArray("data");
        int tokens = 0;
        for (int i = 0; i < vectors.length; i++) {
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            if (job.base64()) {
                java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(vectors[i].length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                bytes.asFloatBuffer().put(vectors[i]);
                item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                ArrayNode v = item.putArray("embedding");
                for (float x : vectors[i]) {
                    v.add(x);
                }
            }
            tokens += job.sequences().get(i).length;
        }
        out.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return out;
    }
}
