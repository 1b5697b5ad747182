package realizar.backend.simd;

import realizar.api.backend.AttentionShape;
import realizar.api.backend.KvBuffer;

/**
 * Causal multi-head attention with grouped-query heads, computed the flash-attention way: the visible keys and values
 * are visited in tiles of {@link #TILE} positions with an online softmax — a running maximum and sum per head, the
 * partial output rescaled whenever the maximum grows — so nothing grows with the context length, and one worker
 * handles all the query heads that share a KV head, so each K/V tile is read from memory once per group and then
 * served from cache. Scores are scale·(q·k), optionally soft-capped (Gemma 2); a sliding window hides keys older than
 * the window. Parallel over (query row, KV head) pairs; after each worker thread's first call it allocates nothing.
 *
 * <p>A cache held as binary16 or Q8_0 ({@link KvBuffer}) is decoded one tile at a time — the K and V rows of the tile's
 * positions for the group's KV head — into per-thread float buffers (exactly: every value becomes the float it encodes),
 * and the tile is then computed as for a float32 cache. The group's query heads share the decoded tile, so each value
 * is decoded once per (query row, KV head) job, and the sums run in the same order as over float32 arrays holding the
 * same values: F16 storage gives bit-for-bit the results of F32 storage of F16-rounded values.
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
    /** The encoded cache when it is not float32 (then {@link #k}/{@link #v} are null). */
    private KvBuffer kEncoded;
    private KvBuffer vEncoded;
    private float[] out;
    private int pos0;

    /**
     * Per-thread buffers: one tile of scores and the running maximum and sum of each head of a group; one tile of
     * decoded K and V rows (one KV head: {@code headDim} values a position) for an encoded cache.
     */
    private static final class Scratch {
        float[] scores = new float[0];
        float[] max = new float[0];
        float[] sum = new float[0];
        float[] kTile = new float[0];
        float[] vTile = new float[0];

        void ensure(int headsPerGroup, int headDim) {
            if (max.length < headsPerGroup) {
                scores = new float[headsPerGroup * TILE];
                max = new float[headsPerGroup];
                sum = new float[headsPerGroup];
            }
            if (kTile.length < TILE * headDim) {
                kTile = new float[TILE * headDim];
                vTile = new float[TILE * headDim];
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

    /** {@link #run(AttentionShape, float[], float[], float[], float[], int, int) run} over a cache in its own encoding. */
    void run(AttentionShape s, float[] q, KvBuffer k, KvBuffer v, float[] out, int pos0, int n) {
        k.checkFits(s, pos0 + n);
        v.checkFits(s, pos0 + n);
        if (k instanceof KvBuffer.F32 kf && v instanceof KvBuffer.F32 vf) {
            run(s, q, kf.values(), vf.values(), out, pos0, n);
            return;
        }
        this.kEncoded = k;
        this.vEncoded = v;
        try {
            run(s, q, (float[]) null, null, out, pos0, n);
        } finally {
            this.kEncoded = this.vEncoded = null;
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
        sc.ensure(perGroup, headDim);
        float[] k = this.k;
        float[] v = this.v;
        int kvStride = kvWidth;
        for (int hh = 0; hh < perGroup; hh++) {
            int qOff = t * s.queryWidth() + (g * perGroup + hh) * headDim;
            java.util.Arrays.fill(out, qOff, qOff + headDim, 0f);
            sc.max[hh] = Float.NEGATIVE_INFINITY;
            sc.sum[hh] = 0f;
        }
        for (int j0 = first; j0 <= pos; j0 += TILE) {
            int len = Math.min(TILE, pos + 1 - j0);
            int tileBase = j0 * kvWidth + kvOff;
            if (kEncoded != null) {
                KvTiles.decode(kEncoded, vEncoded, j0, len, kvOff, headDim, sc.kTile, sc.vTile);
                k = sc.kTile;
                v = sc.vTile;
                tileBase = 0;
                kvStride = headDim;
            }
            for (int hh = 0; hh < perGroup; hh++) {
                int qOff = t * s.queryWidth() + (g * perGroup + hh) * headDim;
                int base = hh * TILE;
                float tileMax = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < len; j++) {
                    float score = F32Kernels.dot(q, qOff, k, tileBase + j * kvStride, headDim) * s.scale();
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
                    F32Kernels.axpy(p, v, tileBase + j * kvStride, out, qOff, headDim);
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
