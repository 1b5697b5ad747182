package realizar.runtime.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import realizar.api.backend.ComputeDevice;
import realizar.api.format.ModelFile;
import realizar.runtime.generate.GenerationRequest;
import realizar.runtime.generate.GenerationResult;
import realizar.runtime.generate.Generator;
import realizar.runtime.generate.TokenListener;
import realizar.runtime.generate.TokenText;
import realizar.runtime.model.CausalLM;
import realizar.runtime.model.KvType;
import realizar.runtime.model.Session;
import realizar.runtime.sampling.SamplingParams;
import realizar.runtime.testing.TestModels;

/**
 * Checks a model against a llama.cpp reference of the archfix fixtures ({@code ref-<TYPE>.json}), with the tolerances
 * of that fixture's README: the run is teacher-forced (prompt, then the reference's output ids one at a time through
 * the KV cache); at every step the probabilities of the reference's top-10 tokens (softmax over all logits) must be
 * within the weight type's tolerance, and the arg-max must be the reference's token (for Q8_0 only where the
 * reference's top1−top2 logit margin is at least 0.3). Free-running greedy generation must then reproduce the
 * reference's ids exactly (for Q8_0 up to the first step whose margin is below 0.3).
 */
final class ArchReference {
    static final double Q8_MARGIN = 0.3;

    /** One model file and its reference. */
    record Case(String fixture, String type, Path model, Path reference) {
        @Override
        public String toString() {
            return fixture + " " + type;
        }
    }

    /** What one check measured. */
    record Outcome(String fixture, String type, KvType kv, double maxAbsProbDiff, double maxVsIncremental, int stepsWithIdChecked,
                   int freeRunIdsChecked) {
    }

    private ArchReference() {
    }

    static double tolerance(String type, KvType kv) {
        double t = switch (type) {
            case "F32" -> 1e-3;
            case "F16" -> 2e-3;
            case "Q8_0" -> 5e-2;
            default -> throw new IllegalArgumentException(type);
        };
        // The fixture README: an F16 KV cache moves probabilities by up to ~2e-3; use 3e-3 for F32/F16 weights.
        return kv == KvType.F32 ? t : Math.max(t, 3e-3);
    }

    static Outcome check(Case c, ComputeDevice device, KvType kv) {
        JsonNode ref = readJson(c.reference());
        int[] prompt = ints(ref.get("prompt_ids"));
        int[] expected = ints(ref.get("output_ids"));
        JsonNode steps = ref.get("steps");
        boolean quantized = c.type().equals("Q8_0");
        double tolerance = tolerance(c.type(), kv);
        try (ModelFile file = TestModels.open(c.model())) {
            CausalLM lm = Architectures.load(file, device);
            assertEquals(ref.get("arch").asText(), lm.architecture());
            int context = lm.trainedContextLength();

            Session session = lm.newSession(context, kv, 512);
            float[] logits = session.forward(prompt, 0, prompt.length);
            double worst = 0;
            double worstIncremental = 0;
            int idsChecked = 0;
            for (int k = 0; k < expected.length; k++) {
                JsonNode step = steps.get(k);
                double[] probs = softmax(logits);
                boolean idMatters = kv == KvType.F32 && (!quantized || step.get("margin_top1_top2").asDouble() >= Q8_MARGIN);
                if (idMatters) {
                    assertEquals(step.get("token").asInt(), argmax(logits), c + ": arg-max at step " + k);
                    idsChecked++;
                }
                for (JsonNode top : step.get("top")) {
                    int id = top.get("id").asInt();
                    double diff = Math.abs(probs[id] - top.get("prob").asDouble());
                    worst = Math.max(worst, diff);
                    assertTrue(diff <= tolerance, c + " (KV " + kv + "): step " + k + " token " + id + ": p=" + probs[id]
                            + " vs llama.cpp " + top.get("prob").asDouble() + " (tolerance " + tolerance + ")");
                }
                // For information: llama.cpp's own incremental run (single-token decoding, like ours), where recorded.
                JsonNode incremental = step.get("top_incremental");
                if (incremental != null && incremental.isArray()) {
                    for (JsonNode top : incremental) {
                        worstIncremental = Math.max(worstIncremental, Math.abs(probs[top.get("id").asInt()] - top.get("prob").asDouble()));
                    }
                }
                if (k + 1 < expected.length) {
                    logits = session.forward(expected, k, 1);
                }
            }

            int freeRunChecked = 0;
            if (kv == KvType.F32) {
                GenerationRequest request = new GenerationRequest(prompt, expected.length, SamplingParams.greedy(), List.of(), 0, true);
                GenerationResult result = Generator.generate(lm.newSession(context, kv, 512), NO_TEXT, request, List.of(), TokenListener.NONE);
                freeRunChecked = quantized ? exactPrefix(steps, expected.length) : expected.length;
                assertArrayEquals(Arrays.copyOf(expected, freeRunChecked), Arrays.copyOf(result.outputIds(), freeRunChecked),
                        c + ": free-running greedy ids (first " + freeRunChecked + ")");
            }
            return new Outcome(c.fixture(), c.type(), kv, worst, worstIncremental, idsChecked, freeRunChecked);
        }
    }

    /** Steps before the first whose reference margin is below {@link #Q8_MARGIN}: where free-running ids must agree. */
    private static int exactPrefix(JsonNode steps, int count) {
        for (int k = 0; k < count; k++) {
            if (steps.get(k).get("margin_top1_top2").asDouble() < Q8_MARGIN) {
                return k;
            }
        }
        return count;
    }

    /** A table of what {@code outcomes} measured, sorted by fixture, type and KV type. */
    static String summary(List<Outcome> outcomes) {
        StringBuilder s = new StringBuilder("max |Δp| over the reference top-10 [vs llama.cpp's incremental run]"
                + " (ids checked: teacher-forced / free-running)\n");
        synchronized (outcomes) {
            outcomes.stream().sorted(java.util.Comparator.comparing(o -> o.fixture() + " " + o.type() + " " + o.kv())).forEach(o -> s.append(String.format("  %-17s %-5s kv=%-4s %.2e [%.2e]  (%d / %d)%n", o.fixture(),
                    o.type(), o.kv(), o.maxAbsProbDiff(), o.maxVsIncremental(), o.stepsWithIdChecked(), o.freeRunIdsChecked())));
        }
        return s.toString();
    }

    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    static JsonNode readJson(Path path) {
        try {
            return new ObjectMapper().readTree(Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    /** References never stop early, so no token text or end-of-generation ids are needed. */
    static final TokenText NO_TEXT = new TokenText() {
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
