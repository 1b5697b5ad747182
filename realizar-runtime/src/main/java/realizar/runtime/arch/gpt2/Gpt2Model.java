package realizar.runtime.arch.gpt2;

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
import realizar.runtime.arch.decoder.SelfAttention;
import realizar.runtime.arch.decoder.TensorLoader;
import realizar.runtime.model.KvCache;
import realizar.runtime.ops.Activations;

/**
 * GPT-2, as llama.cpp's {@code llm_build_gpt2}: token plus learned position embeddings ({@code position_embd}, one
 * row per trained position, so a session cannot exceed the trained context), pre-norm LayerNorm blocks with biases, a
 * fused QKV projection with bias, multi-head attention without RoPE, a GELU MLP with biases, a final LayerNorm and an
 * output matrix (tied to the token embedding when absent).
 */
public final class Gpt2Model extends DecoderModel {
    private record Layer(Norm attnNorm, SelfAttention attention, Norm ffnNorm, FeedForward ffn) {
    }

    private final Tensor positions;
    private final Layer[] layers;
    private final OutputHead head;

    private Gpt2Model(HParams hp, ComputeDevice device, Tensor embedding, Tensor positions, Layer[] layers, OutputHead head) {
        super(hp, device, embedding);
        this.positions = positions;
        this.layers = layers;
        this.head = head;
    }

    public static Gpt2Model load(ModelFile file, ComputeDevice device) {
        HParams p = hparams(file);
        Metadata m = file.metadata();
        TensorLoader t = new TensorLoader(file, device);
        float eps = p.requireFloat(m, "attention.layer_norm_epsilon");
        AttentionShape shape = new AttentionShape(p.heads(), p.kvHeads(), p.headDim(), SelfAttention.defaultScale(p.headDim()), 0f, 0);
        Layer[] layers = new Layer[p.layers()];
        for (int i = 0; i < layers.length; i++) {
            String blk = "blk." + i + ".";
            layers[i] = new Layer(Norm.layer(t, blk + "attn_norm", p.dim(), eps),
                    SelfAttention.load(t, p, i, null, 0f, shape, 0f),
                    Norm.layer(t, blk + "ffn_norm", p.dim(), eps),
                    FeedForward.load(t, blk, p, FeedForward.Kind.GELU));
        }
        Tensor embedding = tokenEmbedding(file);
        Tensor positions = t.tensor("position_embd.weight", p.dim(), p.contextLength());
        OutputHead head = new OutputHead(Norm.layer(t, "output_norm", p.dim(), eps), OutputHead.outputMatrix(t, p, embedding), 0f);
        return new Gpt2Model(p, device, embedding, positions, layers, head);
    }

    @Override
    protected int maxContextLength() {
        return hp.contextLength();
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
        int dim = hp.dim();
        int len = b.n * dim;
        // inpL = token rows + position rows (ggml_get_rows of position_embd, ggml_add); b.normed is free until the first norm.
        for (int t = 0; t < b.n; t++) {
            device.dequantize(positions, (long) (b.pos0 + t) * dim, b.normed, t * dim, dim);
        }
        Activations.add(b.x, b.normed, len);
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
