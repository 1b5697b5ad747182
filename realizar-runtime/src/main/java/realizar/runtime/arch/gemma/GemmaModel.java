package realizar.runtime.arch.gemma;

import realizar.api.backend.AttentionShape;
import realizar.api.backend.ComputeDevice;
import realizar.api.format.Metadata;
import realizar.api.format.ModelFile;
import realizar.api.format.Tensor;
import realizar.runtime.arch.decoder.Batch;
import realizar.runtime.arch.decoder.DecoderModel;
import realizar.runtime.arch.decoder.FeedForward;
import realizar.runtime.arch.decoder.HParams;
import realizar.runtime.arch.decoder.Linear;
import realizar.runtime.arch.decoder.Norm;
import realizar.runtime.arch.decoder.OutputHead;
import realizar.runtime.arch.decoder.RopeSettings;
import realizar.runtime.arch.decoder.SelfAttention;
import realizar.runtime.arch.decoder.TensorLoader;
import realizar.runtime.model.KvCache;
import realizar.runtime.ops.Activations;
import realizar.runtime.ops.Rope;

/**
 * Gemma (1), as llama.cpp's {@code llm_build_gemma}: token embeddings multiplied by sqrt(n_embd), pre-norm RMSNorm
 * blocks whose weights are used as stored (the GGUF converter already added Gemma's +1), NEOX RoPE with queries
 * scaled by 1/sqrt(head_dim) after rotation, a GEGLU feed-forward network, and the token embedding as the output
 * matrix (always tied).
 */
public final class GemmaModel extends DecoderModel {
    private record Layer(Norm attnNorm, SelfAttention attention, Norm ffnNorm, FeedForward ffn) {
    }

    private final Layer[] layers;
    private final OutputHead head;
    private final float embeddingScale;

    private GemmaModel(HParams hp, ComputeDevice device, Tensor embedding, Layer[] layers, OutputHead head) {
        super(hp, device, embedding);
        this.layers = layers;
        this.head = head;
        this.embeddingScale = (float) Math.sqrt(hp.dim());
    }

    public static GemmaModel load(ModelFile file, ComputeDevice device) {
        HParams p = hparams(file);
        Metadata m = file.metadata();
        TensorLoader t = new TensorLoader(file, device);
        float eps = p.requireFloat(m, "attention.layer_norm_rms_epsilon");
        Rope rope = RopeSettings.read(m, p, Rope.Style.NEOX, null);
        AttentionShape shape = new AttentionShape(p.heads(), p.kvHeads(), p.headDim(), 1.0f, 0f, 0);
        float qScale = SelfAttention.defaultScale(p.headDim());
        Layer[] layers = new Layer[p.layers()];
        for (int i = 0; i < layers.length; i++) {
            String blk = "blk." + i + ".";
            layers[i] = new Layer(Norm.rms(t, blk + "attn_norm", p.dim(), eps),
                    SelfAttention.load(t, p, i, rope, qScale, shape, 0f),
                    Norm.rms(t, blk + "ffn_norm", p.dim(), eps),
                    FeedForward.load(t, blk, p, FeedForward.Kind.GEGLU));
        }
        Tensor embedding = tokenEmbedding(file);
        Linear tied = new Linear(device.weights(embedding), null, device);
        OutputHead head = new OutputHead(Norm.rms(t, "output_norm", p.dim(), eps), tied, 0f);
        return new GemmaModel(p, device, embedding, layers, head);
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
        Activations.scale(b.x, embeddingScale, len);
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
