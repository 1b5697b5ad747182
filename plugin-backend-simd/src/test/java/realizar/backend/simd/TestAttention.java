package realizar.backend.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import realizar.api.backend.AttentionShape;
import realizar.api.backend.ComputeDevice;
import realizar.api.backend.DeviceOptions;
import realizar.api.backend.KvBuffer;
import realizar.api.backend.Op;
import realizar.api.format.TensorType;

/**
 * The tiled online-softmax attention against a plain exact softmax computed in double, over shapes that exercise
 * every path: grouped-query heads, contexts shorter and several tiles longer than {@link Attention#TILE}, a prefill
 * batch starting mid-sequence, soft-capping and a sliding window.
 */
final class TestAttention {
    /** The device answers for the cache types it stores and decodes itself, and only those. */
    @Test
    void deviceSupportsAttentionOverEveryKvStorageType() {
        try (ComputeDevice device = new SimdComputeBackend().open(new DeviceOptions(1, 0))) {
            for (TensorType t : TensorType.values()) {
                boolean expected = t == TensorType.F32 || t == TensorType.F16 || t == TensorType.Q8_0;
                assertEquals(expected, device.supports(Op.ATTENTION, t), t.toString());
            }
        }
    }

    @Test
    void onlineSoftmaxEqualsTheExactSoftmax() {
        int[][] cases = { // heads, kvHeads, headDim, pos0, n, window, softcap?
                {4, 4, 8, 0, 1, 0, 0}, {8, 2, 16, 0, 5, 0, 0}, {8, 2, 64, 130, 1, 0, 0}, {6, 3, 32, 60, 70, 0, 0},
                {4, 1, 64, 200, 3, 0, 1}, {4, 2, 32, 150, 9, 40, 0}, {2, 2, 128, 3, 200, 100, 1}};
        SplittableRandom random = new SplittableRandom(7);
        try (WorkerPool pool = new WorkerPool(3)) {
            Attention attention = new Attention(pool);
            for (int[] c : cases) {
                AttentionShape s = new AttentionShape(c[0], c[1], c[2], (float) (1 / Math.sqrt(c[2])), c[6] == 1 ? 5f : 0f, c[5]);
                int positions = c[3] + c[4];
                float[] q = random(random, c[4] * s.queryWidth());
                float[] k = random(random, positions * s.kvWidth());
                float[] v = random(random, positions * s.kvWidth());
                float[] out = new float[c[4] * s.queryWidth()];
                attention.run(s, q, k, v, out, c[3], c[4]);
                double[] expected = exact(s, q, k, v, c[3], c[4]);
                for (int i = 0; i < out.length; i++) {
                    // Float rounding of ~positions terms of magnitude ≤ 3: a few ulps of 1.
                    assertEquals(expected[i], out[i], 2e-5, "case " + java.util.Arrays.toString(c) + " element " + i);
                }
            }
        }
    }

    /**
     * A cache held as binary16 bits or Q8_0 blocks gives the result of a float32 cache holding the values those
     * encode: the tiles are decoded exactly and then summed in the same order. Not bitwise, though: {@code Math.exp}
     * may differ by an ulp between the interpreter and C2 (its spec allows 1 ulp), and the two calls may run in
     * different tiers. A weight off by relative 2⁻²³ moves Σp·v/Σp by at most 2·2⁻²³·max|v|; the bound doubles that.
     * Covers heads starting inside a Q8_0 block (head dim 16) and rows whose last block is short (kv width 48).
     */
    @Test
    void encodedCachesEqualTheFloatCacheOfTheirDecodedValues() {
        int[][] cases = { // heads, kvHeads, headDim, pos0, n, window
                {8, 2, 64, 130, 1, 0}, {6, 3, 16, 60, 70, 0}, {4, 2, 32, 150, 9, 40}, {4, 4, 8, 0, 1, 0}, {32, 8, 64, 300, 2, 0}};
        SplittableRandom random = new SplittableRandom(11);
        try (WorkerPool pool = new WorkerPool(3)) {
            Attention attention = new Attention(pool);
            for (int[] c : cases) {
                AttentionShape s = new AttentionShape(c[0], c[1], c[2], (float) (1 / Math.sqrt(c[2])), 0f, c[5]);
                int positions = c[3] + c[4];
                int kvw = s.kvWidth();
                float[] q = random(random, c[4] * s.queryWidth());
                for (KvBuffer[] kv : new KvBuffer[][] {
                        {half(random(random, positions * kvw), kvw), half(random(random, positions * kvw), kvw)},
                        {q8(random, positions, kvw), q8(random, positions, kvw)}}) {
                    float[] k = new float[positions * kvw];
                    float[] v = new float[positions * kvw];
                    kv[0].decode(0, k, 0, k.length);
                    kv[1].decode(0, v, 0, v.length);
                    float[] expected = new float[c[4] * s.queryWidth()];
                    float[] out = new float[expected.length];
                    attention.run(s, q, k, v, expected, c[3], c[4]);
                    attention.run(s, q, kv[0], kv[1], out, c[3], c[4]);
                    float maxV = 0;
                    for (float x : v) {
                        maxV = Math.max(maxV, Math.abs(x));
                    }
                    // Same values, same order: only Math.exp may differ between the two runs, when one runs interpreted
                    // or in C1 and the other in C2 (each within 1 ulp of the true value, so up to 2 ulp apart). Each
                    // weight then errs by ≤ 2^-22 relative, the normalising sum as much, plus the sums' rounding: 16·2^-23
                    // of max|v| bounds it (4·2^-23 was measured too tight, by one ulp, once). A decoder that loses even
                    // one of binary16's mantissa bits errs by ~2^-11 relative, 250× the bound.
                    assertArrayEquals(expected, out, 16 * 0x1p-23f * maxV, kv[0].type() + " case " + java.util.Arrays.toString(c));
                }
            }
        }
    }

    /**
     * The binary16 tile decoder against {@link Float#float16ToFloat} for all 65536 bit patterns, in rows of 1027 (a
     * vector body and a scalar tail), read from a column offset. NaNs compare as NaN: the intrinsic (vcvtph2ps) quiets a
     * signalling NaN's payload, the bit arithmetic keeps it; either is NaN in the sums.
     */
    @Test
    void halfTilesDecodeEveryBitPatternExactly() {
        int width = 1027;
        int rowWidth = width + 5;
        short[] bits = new short[Attention.TILE * rowWidth];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = (short) (i - 5 * (i / rowWidth + 1));
        }
        float[] tile = new float[Attention.TILE * width];
        KvTiles.halfRows(bits, rowWidth, 0, Attention.TILE, 5, width, tile);
        for (int j = 0; j < Attention.TILE; j++) {
            for (int c = 0; c < width; c++) {
                short h = bits[j * rowWidth + 5 + c];
                assertEquals(Float.floatToIntBits(Float.float16ToFloat(h)), Float.floatToIntBits(tile[j * width + c]),
                        "bits " + Integer.toHexString(h & 0xffff));
            }
        }
    }

    /** A cache whose rows do not fit the shape or that is too short for the positions is refused. */
    @Test
    void mismatchedBuffersAreRefused() {
        AttentionShape s = new AttentionShape(4, 2, 8, 1f, 0f, 0);
        KvBuffer ok = new KvBuffer.F16(new short[4 * 16], 16);
        KvBuffer narrow = new KvBuffer.F16(new short[4 * 8], 8);
        try (WorkerPool pool = new WorkerPool(1)) {
            Attention attention = new Attention(pool);
            float[] out = new float[32];
            assertThrows(IllegalArgumentException.class, () -> attention.run(s, new float[32], narrow, narrow, out, 0, 1));
            assertThrows(IllegalArgumentException.class, () -> attention.run(s, new float[32], ok, ok, out, 3, 2));
        }
    }

    private static KvBuffer.F16 half(float[] values, int width) {
        short[] bits = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToFloat16(values[i]);
        }
        return new KvBuffer.F16(bits, width);
    }

    /** Random quants and scales (not a quantization: the kernel only decodes), width not a multiple of 32 allowed. */
    private static KvBuffer.Q8_0 q8(SplittableRandom r, int positions, int width) {
        byte[] quants = new byte[positions * width];
        short[] scales = new short[positions * KvBuffer.Q8_0.blocksPerRow(width)];
        for (int i = 0; i < quants.length; i++) {
            quants[i] = (byte) (r.nextInt(255) - 127);
        }
        for (int i = 0; i < scales.length; i++) {
            scales[i] = Float.floatToFloat16((float) (r.nextDouble() * 3 / 127));
        }
        return new KvBuffer.Q8_0(quants, scales, width);
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 6 - 3);
        }
        return a;
    }

    private static double[] exact(AttentionShape s, float[] q, float[] k, float[] v, int pos0, int n) {
        double[] out = new double[n * s.queryWidth()];
        int group = s.headCount() / s.kvHeadCount();
        for (int t = 0; t < n; t++) {
            int pos = pos0 + t;
            int first = s.slidingWindow() > 0 ? Math.max(0, pos - s.slidingWindow() + 1) : 0;
            for (int h = 0; h < s.headCount(); h++) {
                int kv = (h / group) * s.headDim();
                double[] w = new double[pos - first + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = first; j <= pos; j++) {
                    double dot = 0;
                    for (int d = 0; d < s.headDim(); d++) {
                        dot += (double) q[t * s.queryWidth() + h * s.headDim() + d] * k[j * s.kvWidth() + kv + d];
                    }
                    double score = dot * s.scale();
                    if (s.softcap() > 0) {
                        score = s.softcap() * Math.tanh(score / s.softcap());
                    }
                    w[j - first] = score;
                    max = Math.max(max, score);
                }
                double sum = 0;
                for (int j = 0; j < w.length; j++) {
                    w[j] = Math.exp(w[j] - max);
                    sum += w[j];
                }
                for (int j = first; j <= pos; j++) {
                    for (int d = 0; d < s.headDim(); d++) {
                        out[t * s.queryWidth() + h * s.headDim() + d] += w[j - first] / sum * v[j * s.kvWidth() + kv + d];
                    }
                }
            }
        }
        return out;
    }
}
