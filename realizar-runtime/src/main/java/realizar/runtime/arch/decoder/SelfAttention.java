package realizar.runtime.arch.decoder;

import realizar.api.backend.AttentionShape;
import realizar.api.backend.ComputeDevice;
import realizar.runtime.model.KvCache;
import realizar.runtime.ops.Activations;
import realizar.runtime.ops.Rope;

/**
 * One layer's causal self-attention with its KV cache, as llama.cpp's QKV projection, optional per-head Q/K norms,
 * {@code ggml_rope_ext}, optional Q pre-scaling, {@code build_attn} (store K/V, softmax(scale·QKᵀ + mask)·V, output
 * projection).
 */
public final class SelfAttention {
    private final int layer;
    private final QkvProjection qkv;
    private final Norm qNorm;
    private final Norm kNorm;
    private final Rope rope;
    private final Rope longRope;
    private final int longAbove;
    private final float qScale;
    private final AttentionShape shape;
    private final Linear output;
    private final ComputeDevice device;

    /**
     * @param qNorm  per-head RMSNorm of the queries (Qwen3), or null; {@code kNorm} likewise for keys
     * @param rope   the rotary embedding, or null (GPT-2's learned positions)
     * @param qScale when not 0, queries are multiplied by it after RoPE (ggml_scale; Gemma, Phi) and the shape's
     *               scale should be 1
     * @param shape  heads, scale, soft-cap and sliding window handed to the device
     */
    public SelfAttention(int layer, QkvProjection qkv, Norm qNorm, Norm kNorm, Rope rope, float qScale, AttentionShape shape,
                         Linear output, ComputeDevice device) {
        this.layer = layer;
        this.qkv = qkv;
        this.qNorm = qNorm;
        this.kNorm = kNorm;
        this.rope = rope;
        this.longRope = null;
        this.longAbove = Integer.MAX_VALUE;
        this.qScale = qScale;
        this.shape = shape;
        this.output = output;
        this.device = device;
    }

    private SelfAttention(SelfAttention a, Rope longRope, int longAbove) {
        this.layer = a.layer;
        this.qkv = a.qkv;
        this.qNorm = a.qNorm;
        this.kNorm = a.kNorm;
        this.rope = a.rope;
        this.longRope = longRope;
        this.longAbove = longAbove;
        this.qScale = a.qScale;
        this.shape = a.shape;
        this.output = a.output;
        this.device = a.device;
    }

    /**
     * The projections {@code <prefix>attn_q/k/v} (or {@code attn_qkv}) and {@code attn_output} of {@code layer}, biases
     * included where the model has them; with {@code qkNormEps} &gt; 0 also {@code attn_q_norm}/{@code attn_k_norm}.
     */
    public static SelfAttention load(TensorLoader t, HParams p, int layer, Rope rope, float qScale, AttentionShape shape,
                                     float qkNormEps) {
        String prefix = "blk." + layer + ".";
        Norm qNorm = qkNormEps > 0 ? Norm.rms(t, prefix + "attn_q_norm", p.headDim(), qkNormEps) : null;
        Norm kNorm = qkNormEps > 0 ? Norm.rms(t, prefix + "attn_k_norm", p.headDim(), qkNormEps) : null;
        return new SelfAttention(layer, QkvProjection.load(t, prefix, p), qNorm, kNorm, rope, qScale, shape,
                t.linear(prefix + "attn_output", p.queryWidth(), p.dim()), t.device());
    }

    /**
     * This attention with a second rope used when the session's context exceeds {@code originalContext} (Phi-3's
     * LongRoPE: llama.cpp's {@code get_rope_factors} picks the long factors when n_ctx_per_seq &gt; n_ctx_orig_yarn).
     */
    public SelfAttention withLongContextRope(Rope longContextRope, int originalContext) {
        return new SelfAttention(this, longContextRope, originalContext);
    }

    /** Values per token of the fused QKV projection, 0 if Q, K and V are separate matrices. */
    public int fusedQkvWidth() {
        return qkv.fusedWidth();
    }

    /** The usual scale 1/sqrt(headDim), in float as llama.cpp computes {@code 1.0f/sqrtf(n_embd_head)}. */
    public static float defaultScale(int headDim) {
        return 1.0f / (float) Math.sqrt(headDim);
    }

    /** Attends {@code b.n} normalised rows of {@code in} at positions {@code b.pos0…}; writes the projected result to {@code out}. */
    public void forward(Batch b, KvCache cache, float[] in, float[] out) {
        int n = b.n;
        int heads = shape.headCount();
        int kvHeads = shape.kvHeadCount();
        int headDim = shape.headDim();
        int qWidth = shape.queryWidth();
        int kvWidth = shape.kvWidth();
        qkv.project(in, b);
        if (qNorm != null) {
            qNorm.apply(b.q, b.q, n * heads);
            kNorm.apply(b.k, b.k, n * kvHeads);
        }
        Rope rope = longRope != null && cache.contextLength() > longAbove ? longRope : this.rope;
        for (int t = 0; t < n; t++) {
            int pos = b.pos0 + t;
            if (rope != null) {
                rope.apply(b.q, t * qWidth, heads, headDim, pos);
                rope.apply(b.k, t * kvWidth, kvHeads, headDim, pos);
            }
            cache.store(layer, pos, b.k, t * kvWidth, b.v, t * kvWidth);
        }
        if (qScale != 0f) {
            Activations.scale(b.q, qScale, n * qWidth);
        }
        device.attention(shape, b.q, cache.keys(layer), cache.values(layer), b.att, b.pos0, n);
        output.apply(b.att, out, n);
    }
}
