package realizar.runtime.arch.gemma2;

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
 * Gemma 2, as llama.cpp's {@code llm_build_gemma2_iswa}: Gemma plus an RMSNorm after attention and after the
 * feed-forward network (before each residual add), attention-score soft-capping ({@code attn_logit_softcapping},
 * default 50) and final-logit soft-capping ({@code final_logit_softcapping}, default 30), and sliding-window attention
 * ({@code attention.sliding_window}, default 4096) on the layers the pattern marks (period
 * {@code attention.sliding_window_pattern}, default 2: even layers slide, odd layers are global). Queries are scaled by
 * 1/sqrt(head_dim) after RoPE (1/sqrt(n_embd/n_head) for the 46-layer 27B).
 */
public final class Gemma2Model extends DecoderModel {
    private record Layer(Norm attnNorm, SelfAttention attention, Norm attnPostNorm, Norm ffnNorm, FeedForward ffn,
                         Norm ffnPostNorm) {
    }

    private final Layer[] layers;
    private final OutputHead head;
    private final float embeddingScale;

    private Gemma2Model(HParams hp, ComputeDevice device, Tensor embedding, Layer[] layers, OutputHead head) {
        super(hp, device, embedding);
        this.layers = layers;
        this.head = head;
        this.embeddingScale = (float) Math.sqrt(hp.dim());
    }

    public static Gemma2Model load(ModelFile file, ComputeDevice device) {
        HParams p = hparams(file);
        Metadata m = file.metadata();
        TensorLoader t = new TensorLoader(file, device);
        String a = p.arch() + ".";
        float eps = p.requireFloat(m, "attention.layer_norm_rms_epsilon");
        int window = m.getInt(a + "attention.sliding_window", 4096);
        int period = m.getInt(a + "attention.sliding_window_pattern", 2);
        float attnSoftcap = m.getFloat(a + "attn_logit_softcapping", 50f);
        float finalSoftcap = m.getFloat(a + "final_logit_softcapping", 30f);
        Rope rope = RopeSettings.read(m, p, Rope.Style.NEOX, null);
        Rope swaRope = m.has(a + "rope.freq_base_swa")
                ? RopeSettings.read(m, p, Rope.Style.NEOX, null, m.getFloat(a + "rope.freq_base_swa"))
                : rope;
        float qScale = p.layers() == 46
                ? 1.0f / (float) Math.sqrt(p.dim() / p.heads())
                : SelfAttention.defaultScale(p.headDim());
        Layer[] layers = new Layer[p.layers()];
        for (int i = 0; i < layers.length; i++) {
            String blk = "blk." + i + ".";
            // llama_hparams::set_swa_pattern: layer il slides when il % period < period - 1.
            boolean sliding = period == 0 || i % period < period - 1;
            AttentionShape shape = new AttentionShape(p.heads(), p.kvHeads(), p.headDim(), 1.0f, attnSoftcap, sliding ? window : 0);
            layers[i] = new Layer(Norm.rms(t, blk + "attn_norm", p.dim(), eps),
                    SelfAttention.load(t, p, i, sliding ? swaRope : rope, qScale, shape, 0f),
                    Norm.rms(t, blk + "post_attention_norm", p.dim(), eps),
                    Norm.rms(t, blk + "ffn_norm", p.dim(), eps),
                    FeedForward.load(t, blk, p, FeedForward.Kind.GEGLU),
                    Norm.rms(t, blk + "post_ffw_norm", p.dim(), eps));
        }
        Tensor embedding = tokenEmbedding(file);
        Linear tied = new Linear(device.weights(embedding), null, device);
        OutputHead head = new OutputHead(Norm.rms(t, "output_norm", p.dim(), eps), tied, finalSoftcap);
        return new Gemma2Model(p, device, embedding, layers, head);
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
            l.attnPostNorm.apply(b.attnOut, b.attnOut, b.n);
            Activations.add(b.x, b.attnOut, len);
            l.ffnNorm.apply(b.x, b.normed, b.n);
            l.ffn.forward(b, b.normed, b.ffnOut);
            l.ffnPostNorm.apply(b.ffnOut, b.ffnOut, b.n);
            Activations.add(b.x, b.ffnOut, len);
        }
        head.apply(b);
    }
}
