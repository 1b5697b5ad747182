package realizar.runtime.embed;

import realizar.runtime.ops.GgmlExp;

/**
 * Bidirectional softmax attention within one sequence of a packed batch: rows {@code start … start+len-1} of the
 * fused q | k | v buffer (3 × dim values per token) attend to each other, head by head, into rows of dim values of
 * {@code att}. Not thread-safe (the score scratch is reused): each thread needs its own instance.
 */
final class SequenceAttention {
    private final int dim;
    private final int heads;
    private final int headDim;
    private final float scale;
    private float[] scores = new float[0];

    SequenceAttention(int dim, int heads, float scale) {
        this.dim = dim;
        this.heads = heads;
        this.headDim = dim / heads;
        this.scale = scale;
    }

    /**
     * Softmax attention of one sequence's tokens over each other, head by head (no causal mask). Scalar code shaped
     * for short sequences and 32-wide heads, where C2's auto-vectorised loops did not pay: the score dots and the
     * value sums each run eight independent fused multiply-add chains, and exp is ggml's polynomial
     * ({@link GgmlExp#vexp}, ~1.5 ulp) rather than {@code Math.exp}. One layer of the benchmark's 32 sentences
     * (259 tokens, SequenceAttentionProbe) went from 1112 to 625 µs; the device's causal attention, given the keys
     * twice over and a sliding window of the sequence length (bidirectional, exactly), took 696 µs on one thread and
     * lost more to per-sequence hand-offs on two.
     */
    void attend(float[] qkv, int start, int len, float[] att) {
        for (int h = 0; h < heads; h++) {
            attendHead(qkv, start, len, h, att);
        }
    }

    /** {@link #attend} for head {@code h} only: it reads and writes that head's columns alone. */
    void attendHead(float[] qkv, int start, int len, int h, float[] att) {
        int stride = 3 * dim;
        int hd = headDim;
        if (scores.length < len) {
            scores = new float[len];
        }
        float[] e = scores;
        int ho = h * hd;
        int ko0 = start * stride + dim + ho;
        int vo0 = start * stride + 2 * dim + ho;
        for (int i = 0; i < len; i++) {
            int qo = (start + i) * stride + ho;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < len; j++) {
                float score = EncoderOps.dot(qkv, qo, qkv, ko0 + j * stride, hd) * scale;
                e[j] = score;
                max = Math.max(max, score);
            }
            float sum = 0;
            for (int j = 0; j < len; j++) {
                float p = GgmlExp.vexp(e[j] - max);
                e[j] = p;
                sum += p;
            }
            float inv = 1f / sum;
            int oo = (start + i) * dim + ho;
            int d = 0;
            for (; d + 8 <= hd; d += 8) {
                float a0 = 0;
                float a1 = 0;
                float a2 = 0;
                float a3 = 0;
                float a4 = 0;
                float a5 = 0;
                float a6 = 0;
                float a7 = 0;
                for (int j = 0, vo = vo0 + d; j < len; j++, vo += stride) {
                    float p = e[j];
                    a0 = Math.fma(p, qkv[vo], a0);
                    a1 = Math.fma(p, qkv[vo + 1], a1);
                    a2 = Math.fma(p, qkv[vo + 2], a2);
                    a3 = Math.fma(p, qkv[vo + 3], a3);
                    a4 = Math.fma(p, qkv[vo + 4], a4);
                    a5 = Math.fma(p, qkv[vo + 5], a5);
                    a6 = Math.fma(p, qkv[vo + 6], a6);
                    a7 = Math.fma(p, qkv[vo + 7], a7);
                }
                att[oo + d] = a0 * inv;
                att[oo + d + 1] = a1 * inv;
                att[oo + d + 2] = a2 * inv;
                att[oo + d + 3] = a3 * inv;
                att[oo + d + 4] = a4 * inv;
                att[oo + d + 5] = a5 * inv;
                att[oo + d + 6] = a6 * inv;
                att[oo + d + 7] = a7 * inv;
            }
            for (; d < hd; d++) {
                float a = 0;
                for (int j = 0, vo = vo0 + d; j < len; j++, vo += stride) {
                    a = Math.fma(e[j], qkv[vo], a);
                }
                att[oo + d] = a * inv;
            }
        }
    }
}
