package realizar.backend.simd;

import realizar.api.backend.AttentionShape;

/**
 * Causal multi-head attention with grouped-query heads, computed the flash-attention way: the visible keys and values
 * are visited in tiles of {@link #TILE} positions with an online softmax — a running maximum and sum per head, the
 * partial output rescaled whenever the maximum grows — so nothing grows with the context length, and one worker
 * handles all the query heads that share a KV head, so each K/V tile is read from memory once per group and then
 * served from cache. Scores are scale·(q·k), optionally soft-capped (Gemma 2); a sliding window hides keys older than
 * the window. Parallel over (query row, KV head) pairs; after each worker thread's first call it allocates nothing.
 *
 * <p>The result equals the exact softmax up to float rounding (the fixtures' F32 bound is 1e-3; the reference tests
 * measure ~1e-6).
 */
final class Attention {
    /** Key positions per tile: 64 rows of a 128-wide head are 32 KB of K and V, within L1/L2 on every x86 core. */
    static final int TILE = 64;

    private final WorkerPool pool;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    private final WorkerPool.RangeTask task = this::range;
    // The operation in flight; set before the pool starts (its volatile hand-off publishes them to the workers).
    private AttentionShape shape;
    private float[] q;
    private float[] k;
    private float[] v;
    private float[] out;
    private int pos0;

    /** Per-thread buffers: one tile of scores and the running maximum and sum of each head of a group. */
    private static final class Scratch {
        float[] scores = new float[0];
        float[] max = new float[0];
        float[] sum = new float[0];

        void ensure(int headsPerGroup) {
            if (max.length < headsPerGroup) {
                scores = new float[headsPerGroup * TILE];
                max = new float[headsPerGroup];
                sum = new float[headsPerGroup];
            }
        }
    }

    Attention(WorkerPool pool) {
        this.pool = pool;
    }

    void run(AttentionShape s, float[] q, float[] k, float[] v, float[] out, int pos0, int n) {
        this.shape = s;
        this.q = q;
        this.k = k;
        this.v = v;
        this.out = out;
        this.pos0 = pos0;
        try {
            pool.run(n * s.kvHeadCount(), task);
        } finally {
            this.q = this.k = this.v = this.out = null;
        }
    }

    private void range(int from, int to) {
        int kvHeads = shape.kvHeadCount();
        for (int job = from; job < to; job++) {
            group(job / kvHeads, job % kvHeads);
        }
    }

    /** Query row {@code t}, every query head of KV head {@code g}. */
    private void group(int t, int g) {
        AttentionShape s = shape;
        int headDim = s.headDim();
        int perGroup = s.headCount() / s.kvHeadCount();
        int kvWidth = s.kvWidth();
        int kvOff = g * headDim;
        int pos = pos0 + t;
        int first = s.slidingWindow() > 0 ? Math.max(0, pos - s.slidingWindow() + 1) : 0;
        Scratch sc = scratch.get();
        sc.ensure(perGroup);
        for (int hh = 0; hh < perGroup; hh++) {
            int qOff = t * s.queryWidth() + (g * perGroup + hh) * headDim;
            java.util.Arrays.fill(out, qOff, qOff + headDim, 0f);
            sc.max[hh] = Float.NEGATIVE_INFINITY;
            sc.sum[hh] = 0f;
        }
        for (int j0 = first; j0 <= pos; j0 += TILE) {
            int len = Math.min(TILE, pos + 1 - j0);
            for (int hh = 0; hh < perGroup; hh++) {
                int qOff = t * s.queryWidth() + (g * perGroup + hh) * headDim;
                int base = hh * TILE;
                float tileMax = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < len; j++) {
                    float score = F32Kernels.dot(q, qOff, k, (j0 + j) * kvWidth + kvOff, headDim) * s.scale();
                    if (s.softcap() > 0) {
                        score = (float) (s.softcap() * Math.tanh(score / s.softcap()));
                    }
                    sc.scores[base + j] = score;
                    tileMax = Math.max(tileMax, score);
                }
                float newMax = Math.max(sc.max[hh], tileMax);
                if (newMax > sc.max[hh] && sc.max[hh] != Float.NEGATIVE_INFINITY) {
                    // The running maximum grew: what was accumulated so far is rescaled to the new one.
                    float correction = (float) Math.exp(sc.max[hh] - newMax);
                    sc.sum[hh] *= correction;
                    for (int d = qOff; d < qOff + headDim; d++) {
                        out[d] *= correction;
                    }
                }
                sc.max[hh] = newMax;
                float sum = sc.sum[hh];
                for (int j = 0; j < len; j++) {
                    float p = (float) Math.exp(sc.scores[base + j] - newMax);
                    sum += p;
                    F32Kernels.axpy(p, v, (j0 + j) * kvWidth + kvOff, out, qOff, headDim);
                }
                sc.sum[hh] = sum;
            }
        }
        for (int hh = 0; hh < perGroup; hh++) {
            int qOff = t * s.queryWidth() + (g * perGroup + hh) * headDim;
            float inv = 1f / sc.sum[hh];
            for (int d = qOff; d < qOff + headDim; d++) {
                out[d] *= inv;
            }
        }
    }
}
