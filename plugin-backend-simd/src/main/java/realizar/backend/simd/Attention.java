package realizar.backend.simd;

import realizar.api.backend.AttentionShape;

/**
 * Causal multi-head attention with grouped-query heads, as llama.cpp computes it without flash attention:
 * scores = scale·(q·k), optional soft-capping, softmax over the visible positions, then the weighted sum of values.
 * Parallel over (query row, head) pairs.
 */
final class Attention {
    private final WorkerPool pool;
    private final ThreadLocal<float[]> scratch = new ThreadLocal<>();

    Attention(WorkerPool pool) {
        this.pool = pool;
    }

    void run(AttentionShape s, float[] q, float[] k, float[] v, float[] out, int pos0, int n) {
        int heads = s.headCount();
        pool.run(n * heads, (from, to) -> {
            for (int job = from; job < to; job++) {
                head(s, q, k, v, out, pos0, job / heads, job % heads);
            }
        });
    }

    private void head(AttentionShape s, float[] q, float[] k, float[] v, float[] out, int pos0, int t, int h) {
        int headDim = s.headDim();
        int kvHead = h / (s.headCount() / s.kvHeadCount());
        int qOff = t * s.queryWidth() + h * headDim;
        int kvWidth = s.kvWidth();
        int pos = pos0 + t;
        int first = s.slidingWindow() > 0 ? Math.max(0, pos - s.slidingWindow() + 1) : 0;
        int count = pos - first + 1;
        float[] scores = scores(count);

        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < count; j++) {
            float score = F32Kernels.dot(q, qOff, k, (first + j) * kvWidth + kvHead * headDim, headDim) * s.scale();
            if (s.softcap() > 0) {
                score = (float) (s.softcap() * Math.tanh(score / s.softcap()));
            }
            scores[j] = score;
            max = Math.max(max, score);
        }
        float sum = 0;
        for (int j = 0; j < count; j++) {
            float e = (float) Math.exp(scores[j] - max);
            scores[j] = e;
            sum += e;
        }
        float inv = 1f / sum;
        java.util.Arrays.fill(out, qOff, qOff + headDim, 0f);
        for (int j = 0; j < count; j++) {
            F32Kernels.axpy(scores[j] * inv, v, (first + j) * kvWidth + kvHead * headDim, out, qOff, headDim);
        }
    }

    private float[] scores(int count) {
        float[] buf = scratch.get();
        if (buf == null || buf.length < count) {
            buf = new float[Math.max(count, 1024)];
            scratch.set(buf);
        }
        return buf;
    }
}
