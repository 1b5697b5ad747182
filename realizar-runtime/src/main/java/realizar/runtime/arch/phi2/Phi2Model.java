package realizar.runtime.arch.phi2;

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
import realizar.runtime.ops.Rope;

/**
 * Phi-2, as llama.cpp's {@code llm_build_phi2}: one LayerNorm (with bias) per layer feeding attention and the MLP in
 * parallel, {@code x = x + attn(n) + mlp(n)}; Q/K/V (separate or fused) and the output projection with biases;
 * partial NEOX RoPE over the first {@code rope.dimension_count} dimensions of each head, queries scaled by
 * 1/sqrt(head_dim) after rotation; a GELU MLP with biases; a final LayerNorm and an output matrix with bias.
 */
public final class Phi2Model extends DecoderModel {
    private record Layer(Norm attnNorm, SelfAttention attention, FeedForward ffn) {
    }

    private final Layer[] layers;
    private final OutputHead head;

    private Phi2Model(HParams hp, ComputeDevice device, Tensor embedding, Layer[] layers, OutputHead head) {
        super(hp, device, embedding);
        this.layers = layers;
        this.head = head;
    }

    public static Phi2Model load(ModelFile file, ComputeDevice device) {
        HParams p = hparams(file);
        Metadata m = file.metadata();
        TensorLoader t = new TensorLoader(file, device);
        float eps = p.requireFloat(m, "attention.layer_norm_epsilon");
        Rope rope = RopeSettings.read(m, p, Rope.Style.NEOX, null);
        AttentionShape shape = new AttentionShape(p.heads(), p.kvHeads(), p.headDim(), 1.0f, 0f, 0);
        float qScale = SelfAttention.defaultScale(p.headDim());
        Layer[] layers = new Layer[p.layers()];
        for (int i = 0; i < layers.length; i++) {
            String blk = "blk." + i + ".";
            layers[i] = new Layer(Norm.layer(t, blk + "attn_norm", p.dim(), eps),
                    SelfAttention.load(t, p, i, rope, qScale, shape, 0f),
                    FeedForward.load(t, blk, p, FeedForward.Kind.GELU));
        }
        Tensor embedding = tokenEmbedding(file);
        OutputHead head = new OutputHead(Norm.layer(t, "output_norm", p.dim(), eps), t.linearWithBias("output", p.dim(), p.vocab()), 0f);
        return new Phi2Model(p, device, embedding, layers, head);
    }

    @Override
    protected int upWidth() {
        return hp.ff();
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
            l.ffn.forward(b, b.normed, b.ffnOut);
            // cur = attn_out + ffn_out; x = cur + x (two ggml_add nodes, in this order).
            for (int i = 0; i < len; i++) {
                b.x[i] = (b.attnOut[i] + b.ffnOut[i]) + b.x[i];
            }
        }
        head.apply(b);
    }
}
