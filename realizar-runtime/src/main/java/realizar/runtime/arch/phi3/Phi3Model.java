package realizar.runtime.arch.phi3;

import realizar.api.backend.AttentionShape;
import realizar.api.backend.ComputeDevice;
import realizar.api.format.Metadata;
import realizar.api.format.ModelFile;
import realizar.api.format.Tensor;
import realizar.runtime.arch.decoder.Batch;
import realizar.runtime.arch.decoder.DecoderModel;
import realizar.runtime.arch.decoder.FeedForward;
import realizar.runtime.arch.decoder.HParams;
import realizar.runtime.arch.decoder.Norm;
import realizar.runtime.arch.decoder.OutputHead;
import realizar.runtime.arch.decoder.RopeSettings;
import realizar.runtime.arch.decoder.SelfAttention;
import realizar.runtime.arch.decoder.TensorLoader;
import realizar.runtime.model.KvCache;
import realizar.runtime.ops.Activations;
import realizar.runtime.ops.Rope;

/**
 * Phi-3 (and Phi-3.5/Phi-4-mini), as llama.cpp's {@code llm_build_phi3}: pre-norm RMSNorm blocks, a fused
 * {@code attn_qkv} projection (Q rows, then K, then V), NEOX RoPE with the queries scaled by 1/sqrt(head_dim) after
 * rotation, and a fused gate+up {@code ffn_up} of 2·n_ff rows feeding SwiGLU. LongRoPE models carry per-dimension
 * factors {@code rope_factors_short}/{@code _long}; the long ones apply when the session's context exceeds
 * {@code rope.scaling.original_context_length}. Sliding-window attention is off, as llama.cpp disables it for Phi-3.
 */
public final class Phi3Model extends DecoderModel {
    private record Layer(Norm attnNorm, SelfAttention attention, Norm ffnNorm, FeedForward ffn) {
    }

    private final Layer[] layers;
    private final OutputHead head;

    private Phi3Model(HParams hp, ComputeDevice device, Tensor embedding, Layer[] layers, OutputHead head) {
        super(hp, device, embedding);
        this.layers = layers;
        this.head = head;
    }

    public static Phi3Model load(ModelFile file, ComputeDevice device) {
        HParams p = hparams(file);
        Metadata m = file.metadata();
        TensorLoader t = new TensorLoader(file, device);
        float eps = p.requireFloat(m, "attention.layer_norm_rms_epsilon");
        int pairs = RopeSettings.rotaryDims(m, p) / 2;
        float[] shortFactors = t.optionalVector("rope_factors_short.weight", pairs);
        float[] longFactors = t.optionalVector("rope_factors_long.weight", pairs);
        Rope rope = RopeSettings.read(m, p, Rope.Style.NEOX, shortFactors);
        Rope longRope = longFactors == null ? null : RopeSettings.read(m, p, Rope.Style.NEOX, longFactors);
        int originalContext = m.getInt(p.arch() + ".rope.scaling.original_context_length", p.contextLength());
        AttentionShape shape = new AttentionShape(p.heads(), p.kvHeads(), p.headDim(), 1.0f, 0f, 0);
        float qScale = SelfAttention.defaultScale(p.headDim());
        Layer[] layers = new Layer[p.layers()];
        for (int i = 0; i < layers.length; i++) {
            String blk = "blk." + i + ".";
            SelfAttention attention = SelfAttention.load(t, p, i, rope, qScale, shape, 0f);
            if (longRope != null) {
                attention = attention.withLongContextRope(longRope, originalContext);
            }
            layers[i] = new Layer(Norm.rms(t, blk + "attn_norm", p.dim(), eps), attention,
                    Norm.rms(t, blk + "ffn_norm", p.dim(), eps),
                    FeedForward.load(t, blk, p, FeedForward.Kind.SWIGLU_FUSED));
        }
        Tensor embedding = tokenEmbedding(file);
        OutputHead head = new OutputHead(Norm.rms(t, "output_norm", p.dim(), eps), OutputHead.outputMatrix(t, p, embedding), 0f);
        return new Phi3Model(p, device, embedding, layers, head);
    }

    @Override
    protected int upWidth() {
        return FeedForward.upWidth(FeedForward.Kind.SWIGLU_FUSED, hp.ff());
    }

    @Override
    protected int fusedQkvWidth() {
        return layers[0].attention.fusedQkvWidth();
    }

    @Override
    protected void forward(int[] tokens, int offset, Batch b, KvCache cache) {
        embed(tokens, offset, b);
        int len = b.n * hp.dim();
        for (Layer l : layers) {
            l.attnNorm.apply(b.x, b.normed, b.n);
            l.attention.forward(b, cache, b.normed, b.attnOut);
            Activations.add(b.x, b.attnOut, len);
            l.ffnNorm.apply(b.x, b.normed, b.n);
            l.ffn.forward(b, b.normed, b.ffnOut);
            Activations.add(b.x, b.ffnOut, len);
        }
        head.apply(b);
    }
}
