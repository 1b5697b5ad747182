package realizar.runtime.arch.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import realizar.api.backend.ComputeDevice;
import realizar.api.format.ModelFile;
import realizar.runtime.arch.Architectures;
import realizar.runtime.generate.GenerationRequest;
import realizar.runtime.generate.GenerationResult;
import realizar.runtime.generate.Generator;
import realizar.runtime.generate.TokenListener;
import realizar.runtime.generate.TokenLogprob;
import realizar.runtime.generate.TokenText;
import realizar.runtime.model.CausalLM;
import realizar.runtime.model.KvType;
import realizar.runtime.sampling.SamplingParams;
import realizar.runtime.testing.TestModels;

/**
 * Greedy generation on quantized weights against llama.cpp (fixtures/quant/README.md §5): ids identical until the
 * reference's top-1/top-2 logit gap falls under the type's near-tie threshold, and the probabilities of the reference's
 * top-10 within the type's bound at every compared step. F32 KV cache, as the references were recorded.
 */
final class QuantizedReferenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Per weight type: probability bound and the gap under which a different id is a near-tie, not an error. */
    record Tolerance(double prob, double tieGap) {
        static Tolerance of(String modelFile) {
            String name = Path.of(modelFile).getFileName().toString();
            if (name.contains("F32")) {
                return new Tolerance(1e-3, 0);
            }
            if (name.contains("BF16")) {
                return new Tolerance(1.5e-2, 0.05);
            }
            if (name.contains("F16")) {
                return new Tolerance(2e-3, 0.02);
            }
            return new Tolerance(7.5e-2, 0.15);
        }
    }

    record Outcome(String file, double maxProbDiff, int comparedSteps, String divergence) {
    }

    @Test
    void vendoredQuantizedModelsMatchLlamaCpp() throws IOException {
        Path resources = TestModels.repoRoot().resolve("realizar-runtime/src/test/resources");
        check(TestModels.repoRoot().resolve("plugin-format-gguf/src/test/resources/gguf/qrand-Q4_0-pure.gguf"),
                resources.resolve("fixtures/quant/qrand-Q4_0-pure.greedy.json"));
        check(resources.resolve("models/stories260K-Q8_0.gguf"), resources.resolve("fixtures/quant/stories260K-Q8_0.greedy.json"));
    }

    /** Every quantization type llama.cpp wrote (16 qrand files) and the stories260K Q8_0/Q4_0 copies. */
    @Test
    void everySharedQuantFixture() throws IOException {
        Optional<Path> shared = TestModels.sharedFixtures();
        if (shared.isEmpty()) {
            System.err.println("SKIPPED: ../shared/fixtures not present (QuantizedReferenceTest.everySharedQuantFixture)");
        }
        Assumptions.assumeTrue(shared.isPresent(), "../shared/fixtures not present");
        List<Outcome> outcomes = new ArrayList<>();
        try (Stream<Path> files = Files.list(shared.get().resolve("quant/greedy"))) {
            for (Path ref : files.sorted().toList()) {
                String name = ref.getFileName().toString().replace(".greedy.json", ".gguf");
                outcomes.add(check(shared.get().resolve("quant/models").resolve(name), ref));
            }
        }
        for (String type : List.of("Q8_0", "Q4_0")) {
            outcomes.add(check(shared.get().resolve("stories260K/models/stories260K-" + type + ".gguf"),
                    shared.get().resolve("stories260K/stories260K-" + type + ".greedy.json")));
        }
        outcomes.forEach(o -> System.err.printf("%-28s max |dp| %.2e over %d steps%s%n", o.file(), o.maxProbDiff(),
                o.comparedSteps(), o.divergence() == null ? "" : "; " + o.divergence()));
        assertEquals(18, outcomes.size());
    }

    private static Outcome check(Path model, Path reference) throws IOException {
        JsonNode ref = JSON.readTree(reference.toFile());
        Tolerance tolerance = Tolerance.of(ref.get("model_file").asText());
        double worst = 0;
        int compared = 0;
        String divergence = null;
        try (ModelFile file = TestModels.open(model); ComputeDevice device = TestModels.cpu(2)) {
            CausalLM lm = Architectures.load(file, device);
            for (JsonNode c : ref.get("cases")) {
                int[] prompt = ints(c.get("prompt_ids"));
                int[] expected = ints(c.get("output_ids"));
                GenerationResult r = Generator.generate(lm.newSession(512, KvType.F32, 512), NO_TEXT,
                        new GenerationRequest(prompt, expected.length, SamplingParams.greedy(), List.of(), 10, false),
                        List.of(), TokenListener.NONE);
                int[] ours = r.outputIds();
                for (int step = 0; step < expected.length; step++) {
                    JsonNode top = c.get("top_probs").get(step);
                    Map<Integer, Double> probs = new HashMap<>();
                    for (TokenLogprob t : r.topLogprobs().get(step)) {
                        probs.put(t.id(), Math.exp(t.logprob()));
                    }
                    for (JsonNode candidate : top) {
                        double diff = Math.abs(probs.getOrDefault(candidate.get("id").asInt(), 0.0) - candidate.get("prob").asDouble());
                        worst = Math.max(worst, diff);
                        assertTrue(diff <= tolerance.prob(), model.getFileName() + " '" + c.get("prompt").asText() + "' step " + step
                                + " token " + candidate.get("id") + ": |dp| " + diff + " > " + tolerance.prob());
                    }
                    compared++;
                    if (ours[step] != expected[step]) {
                        double gap = top.get(0).get("logit").asDouble() - top.get(1).get("logit").asDouble();
                        assertTrue(gap < tolerance.tieGap(), model.getFileName() + " '" + c.get("prompt").asText() + "' step " + step
                                + ": id " + ours[step] + " instead of " + expected[step] + " with a reference gap of " + gap
                                + " (near-tie threshold " + tolerance.tieGap() + ")");
                        divergence = "'" + c.get("prompt").asText() + "' diverges at step " + step + " (near-tie, gap " + String.format("%.3f", gap) + ")";
                        break;
                    }
                }
            }
        }
        return new Outcome(model.getFileName().toString(), worst, compared, divergence);
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
        public java.util.Set<Integer> endOfGeneration() {
            return java.util.Set.of();
        }
    };
}
