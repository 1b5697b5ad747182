package realizar.runtime.arch.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import realizar.api.backend.ComputeDevice;
import realizar.api.format.ModelFile;
import realizar.runtime.generate.GenerationRequest;
import realizar.runtime.generate.GenerationResult;
import realizar.runtime.generate.Generator;
import realizar.runtime.generate.TokenListener;
import realizar.runtime.generate.TokenLogprob;
import realizar.runtime.generate.TokenText;
import realizar.runtime.model.KvType;
import realizar.runtime.sampling.SamplingParams;
import realizar.runtime.testing.TestModels;

/**
 * stories260K against llama.cpp: for each fixture prompt, greedy ids identical to llama-server's and the
 * probabilities of its top-10 candidates within 1e-3 at every step (the fixture's F32 tolerance; F32 KV cache, as the
 * references were recorded).
 */
final class LlamaReferenceTest {
    private static final double PROB_TOLERANCE = 1e-3;
    private static ModelFile file;
    private static ComputeDevice device;
    private static LlamaModel model;

    @BeforeAll
    static void load() {
        file = TestModels.open(TestModels.stories260K());
        device = TestModels.cpu(2);
        model = LlamaModel.load(file, device);
    }

    @AfterAll
    static void close() {
        device.close();
        file.close();
    }

    static JsonNode fixture() throws IOException {
        try (InputStream in = LlamaReferenceTest.class.getResourceAsStream("/fixtures/stories260K/stories260K-F32.greedy.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void greedyIdsAndTopProbabilitiesMatchLlamaCpp() throws IOException {
        JsonNode cases = fixture().get("cases");
        assertEquals(4, cases.size());
        double worst = 0;
        for (JsonNode c : cases) {
            int[] prompt = ints(c.get("prompt_ids"));
            int[] expected = ints(c.get("output_ids"));
            GenerationRequest request = new GenerationRequest(prompt, c.get("n_predict").asInt(), SamplingParams.greedy(),
                    List.of(), 10, false);
            GenerationResult result = Generator.generate(model.newSession(512, KvType.F32, 512), NO_TEXT, request, List.of(),
                    TokenListener.NONE);
            assertArrayEquals(expected, result.outputIds(), "ids for prompt '" + c.get("prompt").asText() + "'");
            for (int step = 0; step < expected.length; step++) {
                Map<Integer, Float> ours = new java.util.HashMap<>();
                for (TokenLogprob t : result.topLogprobs().get(step)) {
                    ours.put(t.id(), t.logprob());
                }
                for (JsonNode ref : c.get("top_probs").get(step)) {
                    int id = ref.get("id").asInt();
                    double p = ours.containsKey(id) ? Math.exp(ours.get(id)) : 0;
                    double diff = Math.abs(p - ref.get("prob").asDouble());
                    worst = Math.max(worst, diff);
                    assertTrue(diff <= PROB_TOLERANCE, "prompt '" + c.get("prompt").asText() + "' step " + step + " token " + id
                            + ": p=" + p + " vs llama.cpp " + ref.get("prob").asDouble());
                }
            }
        }
        System.err.println("stories260K F32: max |Δp| over top-10 = " + worst);
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    /** The reference never stops early (all cases hit the limit), so no text or end-of-generation tokens are needed. */
    private static final TokenText NO_TEXT = new TokenText() {
        @Override
        public byte[] bytes(int id) {
            return new byte[0];
        }

        @Override
        public Set<Integer> endOfGeneration() {
            return Set.of();
        }
    };
}
