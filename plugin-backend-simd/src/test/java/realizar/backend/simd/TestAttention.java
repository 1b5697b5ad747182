package realizar.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import realizar.api.backend.AttentionShape;

/**
 * The tiled online-softmax attention against a plain exact softmax computed in double, over shapes that exercise
 * every path: grouped-query heads, contexts shorter and several tiles longer than {@link Attention#TILE}, a prefill
 * batch starting mid-sequence, soft-capping and a sliding window.
 */
final class TestAttention {
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
