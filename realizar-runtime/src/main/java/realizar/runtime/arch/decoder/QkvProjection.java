package realizar.runtime.arch.decoder;

/**
 * The query, key and value projections of one layer, as llama.cpp's {@code build_qkv}: either one fused
 * {@code attn_qkv} matrix whose output rows are Q, then K, then V (GPT-2, Phi-3), or three matrices
 * {@code attn_q}/{@code attn_k}/{@code attn_v}; biases are added when the model has them.
 */
public final class QkvProjection {
    private final Linear fused;
    private final Linear wq;
    private final Linear wk;
    private final Linear wv;
    private final int qWidth;
    private final int kvWidth;

    private QkvProjection(Linear fused, Linear wq, Linear wk, Linear wv, int qWidth, int kvWidth) {
        this.fused = fused;
        this.wq = wq;
        this.wk = wk;
        this.wv = wv;
        this.qWidth = qWidth;
        this.kvWidth = kvWidth;
    }

    /** Loads {@code <prefix>attn_qkv} if the model has it, else {@code attn_q}, {@code attn_k}, {@code attn_v}. */
    public static QkvProjection load(TensorLoader t, String prefix, HParams p) {
        int q = p.queryWidth();
        int kv = p.kvWidth();
        if (t.has(prefix + "attn_qkv.weight")) {
            return new QkvProjection(t.linear(prefix + "attn_qkv", p.dim(), q + 2 * kv), null, null, null, q, kv);
        }
        return new QkvProjection(null, t.linear(prefix + "attn_q", p.dim(), q), t.linear(prefix + "attn_k", p.dim(), kv),
                t.linear(prefix + "attn_v", p.dim(), kv), q, kv);
    }

    /** Width of the fused projection's output row, 0 if the projections are separate. */
    public int fusedWidth() {
        return fused == null ? 0 : fused.rows();
    }

    /** Projects {@code b.n} rows of {@code in} into {@code b.q}, {@code b.k} and {@code b.v}. */
    public void project(float[] in, Batch b) {
        int n = b.n;
        if (fused == null) {
            wq.apply(in, b.q, n);
            wk.apply(in, b.k, n);
            wv.apply(in, b.v, n);
            return;
        }
        fused.apply(in, b.qkv, n);
        int width = qWidth + 2 * kvWidth;
        for (int t = 0; t < n; t++) {
            int row = t * width;
            System.arraycopy(b.qkv, row, b.q, t * qWidth, qWidth);
            System.arraycopy(b.qkv, row + qWidth, b.k, t * kvWidth, kvWidth);
            System.arraycopy(b.qkv, row + qWidth + kvWidth, b.v, t * kvWidth, kvWidth);
        }
    }
}
