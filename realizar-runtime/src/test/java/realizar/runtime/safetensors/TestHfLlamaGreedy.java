package realizar.runtime.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import realizar.api.backend.ComputeDevice;
import realizar.api.format.FormatReader;
import realizar.api.format.ModelFile;
import realizar.runtime.arch.llama.LlamaModel;
import realizar.runtime.generate.GenerationRequest;
import realizar.runtime.generate.GenerationResult;
import realizar.runtime.generate.Generator;
import realizar.runtime.generate.TokenListener;
import realizar.runtime.generate.TokenText;
import realizar.runtime.model.KvType;
import realizar.runtime.sampling.SamplingParams;
import realizar.runtime.testing.TestModels;
import realizar.runtime.tokenizer.Tokenizer;

/**
 * stories260K as a Hugging Face folder (models/stories260K/hf-safetensors, opened by the safetensors reader) against
 * llama.cpp's greedy references for the GGUF: its tokenizer gives the fixture's prompt ids, and the llama architecture,
 * reading the unpermuted Q/K weights with NEOX rope, gives the same 48 greedy ids with the fixture's top-10
 * probabilities within 1e-3.
 */
final class TestHfLlamaGreedy {
    private static ComputeDevice device;

    @BeforeAll
    static void open() {
        device = TestModels.cpu(2);
    }

    @AfterAll
    static void close() {
        device.close();
    }

    static ModelFile openFolder() {
        for (FormatReader reader : ServiceLoader.load(FormatReader.class)) {
            if (reader.name().equals("safetensors")) {
                return reader.open(TestModels.repoRoot().resolve("models/stories260K/hf-safetensors"));
            }
        }
        throw new IllegalStateException("the safetensors reader is not on the test path");
    }

    static JsonNode cases() throws IOException {
        try (InputStream in = TestHfLlamaGreedy.class.getResourceAsStream("/fixtures/stories260K/stories260K-F32.greedy.json")) {
            return new ObjectMapper().readTree(in).get("cases");
        }
    }

    @Test
    void folderTokenizerGivesTheFixturePromptIds() throws IOException {
        try (ModelFile folder = openFolder()) {
            Tokenizer tokenizer = Tokenizer.fromMetadata(folder.metadata());
            for (JsonNode c : cases()) {
                assertArrayEquals(ints(c.get("prompt_ids")), tokenizer.encode(c.get("prompt").asText(), true, false),
                        c.get("prompt").asText());
            }
        }
    }

    /** The folder as it is: Q/K rows in Hugging Face order, rotated NEOX-style because of realizar.rope.neox. */
    @Test
    void folderGivesLlamaCppGreedyIds() throws IOException {
        try (ModelFile folder = openFolder()) {
            assertTrue(folder.metadata().getBoolean("realizar.rope.neox", false));
            assertGreedyMatches(LlamaModel.load(folder, device));
        }
    }

    private static void assertGreedyMatches(LlamaModel model) throws IOException {
        JsonNode cases = cases();
        assertEquals(4, cases.size());
        double worst = 0;
        for (JsonNode c : cases) {
            int[] expected = ints(c.get("output_ids"));
            GenerationRequest request = new GenerationRequest(ints(c.get("prompt_ids")), c.get("n_predict").asInt(),
                    SamplingParams.greedy(), List.of(), 10, false);
            GenerationResult result = Generator.generate(model.newSession(512, KvType.F32, 512), NO_TEXT, request, List.of(),
                    TokenListener.NONE);
            assertArrayEquals(expected, result.outputIds(), "greedy ids for '" + c.get("prompt").asText() + "'");
            for (int step = 0; step < expected.length; step++) {
                for (JsonNode ref : c.get("top_probs").get(step)) {
                    int id = ref.get("id").asInt();
                    double p = result.topLogprobs().get(step).stream().filter(t -> t.id() == id)
                            .mapToDouble(t -> Math.exp(t.logprob())).findFirst().orElse(0);
                    double diff = Math.abs(p - ref.get("prob").asDouble());
                    worst = Math.max(worst, diff);
                    assertTrue(diff <= 1e-3, "step " + step + " token " + id + ": " + p + " vs " + ref.get("prob").asDouble());
                }
            }
        }
        System.err.println("stories260K HF folder: greedy ids equal, max |Δp| over top-10 = " + worst);
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

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
