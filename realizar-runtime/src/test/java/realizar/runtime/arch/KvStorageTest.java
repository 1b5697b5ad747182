package realizar.runtime.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import realizar.api.backend.AttentionShape;
import realizar.api.backend.ComputeDevice;
import realizar.api.backend.DeviceInfo;
import realizar.api.backend.Op;
import realizar.api.backend.Weights;
import realizar.api.format.ModelFile;
import realizar.api.format.Tensor;
import realizar.api.format.TensorType;
import realizar.runtime.model.CausalLM;
import realizar.runtime.model.KvType;
import realizar.runtime.model.Session;
import realizar.runtime.testing.GgufRewriter;
import realizar.runtime.testing.TestModels;

/**
 * A KV cache stored in its own encoding (F16 bits, Q8_0 blocks) read by the device directly gives the logits of the
 * previous design, where the values were rounded to the type but held as float32: that design is reproduced by a
 * device that takes the interface's default {@link ComputeDevice#attention(AttentionShape, float[],
 * realizar.api.backend.KvBuffer, realizar.api.backend.KvBuffer, float[], int, int)}, which decodes the cache to float
 * arrays (exactly the rounded floats) and runs the float32 kernel on them.
 */
final class KvStorageTest {
    private static ComputeDevice simd;
    private static ComputeDevice floatCache;
    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        simd = TestModels.cpu(2);
        floatCache = new FloatCacheDevice(simd);
    }

    @AfterAll
    static void close() {
        simd.close();
    }

    /**
     * Prefill in chunks then decode, past an attention tile (64 positions), on GQA (qwen2), soft-capping with a sliding
     * window (gemma2) and learned positions (gpt2), each rewritten to F32 weights: with quantized or F16 weights the
     * device rounds activations to 8 or 16 bits, which turns any last-bit difference into a visible one (two runs of
     * the very same path differ by up to 1e-2 there, through JIT tiers alone). Both runs do the same float operations
     * on the same values in the same order; the only freedom is {@code Math.exp}, allowed an ulp of difference between
     * JIT tiers, which moves an attention output by at most 2·2⁻²³ of its largest value (see TestAttention). Measured:
     * identical logits once compiled, up to 3.3e-6 × the largest |logit| in the first (partly interpreted) case; the
     * bound 3e-5 × the largest |logit| keeps a factor 10 over that. A decoder that dropped the lowest mantissa bit of
     * each binary16 value (tried) moves these logits by 5e-3 to 8e-3, twenty times the bound.
     */
    @ParameterizedTest
    @CsvSource({"qwen2/qwen2-Q8_0.gguf, F16", "gemma2/gemma2-F16.gguf, F16", "gpt2/gpt2-F16.gguf, F16",
            "qwen2/qwen2-Q8_0.gguf, Q8_0", "gemma2/gemma2-F16.gguf, Q8_0"})
    void encodedCacheGivesTheLogitsOfRoundedFloats(String fixture, KvType kv) {
        Path f32 = dir.resolve("f32.gguf");
        try (ModelFile source = TestModels.open(ArchReferenceTest.resource(fixture))) {
            GgufRewriter.rewrite(source, f32, Map.of(), (f, t) -> GgufRewriter.f32(t, GgufRewriter.decode(simd, t)));
        }
        try (ModelFile file = TestModels.open(f32)) {
            CausalLM model = Architectures.load(file, simd);
            Session encoded = model.newSession(128, kv, 48);
            Session rounded = Architectures.load(file, floatCache).newSession(128, kv, 48);
            int vocab = model.vocabSize();
            int[] prompt = new int[100];
            for (int i = 0; i < prompt.length; i++) {
                prompt[i] = 1 + (i * 37) % (vocab - 1);
            }
            compare(encoded.forward(prompt, 0, prompt.length), rounded.forward(prompt, 0, prompt.length), fixture + " prefill");
            for (int step = 0; step < 6; step++) {
                int[] token = {1 + (step * 53) % (vocab - 1)};
                compare(encoded.forward(token, 0, 1), rounded.forward(token, 0, 1), fixture + " decode step " + step);
            }
        }
    }

    private static void compare(float[] actual, float[] expected, String where) {
        float max = 0;
        for (float x : expected) {
            max = Math.max(max, Math.abs(x));
        }
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
        }
        assertEquals(0, worst, 3e-5 * max, where + ": largest logit difference");
    }

    /** The SIMD device, except that an encoded cache takes the interface's default: decode to float, float kernel. */
    private record FloatCacheDevice(ComputeDevice d) implements ComputeDevice {
        @Override
        public DeviceInfo info() {
            return d.info();
        }

        @Override
        public boolean supports(Op op, TensorType type) {
            return d.supports(op, type);
        }

        @Override
        public Weights weights(Tensor tensor) {
            return d.weights(tensor);
        }

        @Override
        public void matmul(Weights w, float[] x, float[] y, int n) {
            d.matmul(w, x, y, n);
        }

        @Override
        public void dequantize(Tensor tensor, long first, float[] out, int outOffset, int count) {
            d.dequantize(tensor, first, out, outOffset, count);
        }

        @Override
        public void attention(AttentionShape shape, float[] q, float[] kCache, float[] vCache, float[] out, int pos0, int n) {
            d.attention(shape, q, kCache, vCache, out, pos0, n);
        }

        @Override
        public void close() {
        }
    }
}
