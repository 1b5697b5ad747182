package realizar.runtime.embed;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.backend.ComputeDevice;
import realizar.runtime.ops.Activations;
import realizar.runtime.ops.Norms;
import realizar.runtime.ops.Rope;

/**
 * The forward pass of llama.cpp's {@code llm_build_bert} (BERT and nomic-bert): post-norm blocks with bidirectional
 * attention. Several sequences run as one packed batch — their tokens stacked row after row, so every matrix product
 * covers the whole batch — and each token attends only to the tokens of its own sequence, which is what a padded batch
 * with an attention mask computes, without the padding. Not thread-safe: the {@link EmbeddingModel} serialises calls.
 *
 * <p>The element-wise passes between the products (bias, rope, residual + LayerNorm, GELU) run over row ranges and
 * attention over (sequence, head) pairs through {@link ComputeDevice#parallel}, on the device's threads instead of the
 * caller's alone. Every row and pair is computed the same way however the range is split, so the result does not
 * depend on the thread count.
 */
final class Encoder {
    private final EncoderConfig c;
    private final EncoderWeights w;
    private final ComputeDevice device;
    private final Rope rope;
    private float[] x = new float[0];
    /** Per token q | k | v, 3 × dim values. */
    private float[] qkv;
    private float[] att;
    private float[] tmp;
    private float[] hidden;
    private float[] hidden2;
    private float[] row;
    /** Position of each row within its own sequence (rotary positions restart at 0 in every sequence). */
    private int[] positions;
    /** One per thread: the attention's score scratch must not be shared. */
    private final ThreadLocal<SequenceAttention> attention;

    Encoder(EncoderConfig c, EncoderWeights w, ComputeDevice device) {
        this.c = c;
        this.w = w;
        this.device = device;
        this.rope = c.rotary() ? new Rope(Rope.Style.NEOX, c.headDim(), c.ropeBase(), null) : null;
        float scale = (float) (1.0 / Math.sqrt(c.headDim()));
        this.attention = ThreadLocal.withInitial(() -> new SequenceAttention(c.dim(), c.heads(), scale));
    }

    /**
     * The final hidden states of all tokens: sequence {@code s} occupies rows {@code offsets[s]} to
     * {@code offsets[s+1]} of the returned array (dim values per row). The array is reused by the next call.
     */
    float[] forward(int[][] sequences, int[] offsets) {
        int tokens = offsets[sequences.length];
        ensureCapacity(tokens);
        embed(sequences, offsets);
        for (EncoderWeights.Layer layer : w.layers()) {
            attentionBlock(layer, sequences, offsets, tokens);
            feedForwardBlock(layer, tokens);
        }
        return x;
    }

    private void embed(int[][] sequences, int[] offsets) {
        int dim = c.dim();
        long vocab = w.tokenEmbedding().info().rowCount();
        for (int s = 0; s < sequences.length; s++) {
            for (int p = 0; p < sequences[s].length; p++) {
                int id = sequences[s][p];
                if (id < 0 || id >= vocab) {
                    throw new RealizarException(ErrorCode.INVALID_ARGUMENT,
                            "token id " + id + " is outside the vocabulary [0, " + vocab + ")");
                }
                positions[offsets[s] + p] = p;
                int off = (offsets[s] + p) * dim;
                device.dequantize(w.tokenEmbedding(), (long) id * dim, x, off, dim);
                if (w.positionEmbedding() != null) {
                    device.dequantize(w.positionEmbedding(), (long) p * dim, row, 0, dim);
                    addRow(x, off, row, dim);
                }
                if (w.tokenType0() != null) {
                    addRow(x, off, w.tokenType0(), dim);
                }
            }
        }
        int tokens = offsets[sequences.length];
        Norms.layerNorm(x, x, w.embNormWeight(), w.embNormBias(), tokens, dim, c.eps());
    }

    private void attentionBlock(EncoderWeights.Layer l, int[][] sequences, int[] offsets, int n) {
        int dim = c.dim();
        int heads = c.heads();
        device.matmul(l.qkv(), x, qkv, n);
        device.parallel(n, (from, to) -> {
            EncoderOps.addBias(qkv, l.qkvBias(), from, to, 3 * dim);
            if (rope != null) {
                for (int r = from; r < to; r++) {
                    rope.apply(qkv, r * 3 * dim, heads, c.headDim(), positions[r]);
                    rope.apply(qkv, r * 3 * dim + dim, heads, c.headDim(), positions[r]);
                }
            }
        });
        // Units are (sequence, head) pairs, sequence-major: finer than sequences, so one long sentence still splits.
        device.parallel(sequences.length * heads, (from, to) -> {
            SequenceAttention a = attention.get();
            for (int u = from; u < to; u++) {
                int s = u / heads;
                a.attendHead(qkv, offsets[s], offsets[s + 1] - offsets[s], u % heads, att);
            }
        });
        device.matmul(l.output(), att, tmp, n);
        device.parallel(n, (from, to) -> EncoderOps.residualLayerNorm(x, tmp, l.outputBias(), l.attnNormWeight(),
                l.attnNormBias(), from, to, dim, c.eps()));
    }

    private void feedForwardBlock(EncoderWeights.Layer l, int n) {
        int dim = c.dim();
        int ff = c.hiddenDim();
        device.matmul(l.up(), x, hidden, n);
        float[] act = hidden;
        if (l.gate() != null) {
            device.parallel(n, (from, to) -> EncoderOps.addBias(hidden, l.upBias(), from, to, ff));
            device.matmul(l.gate(), x, hidden2, n);
            Activations.swiglu(hidden2, hidden, n, ff);       // silu(gate) · up, into hidden2 (shared op: serial)
            act = hidden2;
        } else {
            device.parallel(n, (from, to) -> Gelu.apply(hidden, l.upBias(), from, to, ff, c.geluErf()));
        }
        device.matmul(l.down(), act, tmp, n);
        device.parallel(n, (from, to) -> EncoderOps.residualLayerNorm(x, tmp, l.downBias(), l.outNormWeight(),
                l.outNormBias(), from, to, dim, c.eps()));
    }

    private static void addRow(float[] out, int off, float[] add, int len) {
        for (int i = 0; i < len; i++) {
            out[off + i] += add[i];
        }
    }

    private void ensureCapacity(int tokens) {
        int dim = c.dim();
        if (x.length >= tokens * dim) {
            return;
        }
        int ff = c.hiddenDim();
        x = new float[tokens * dim];
        qkv = new float[tokens * 3 * dim];
        att = new float[tokens * dim];
        tmp = new float[tokens * dim];
        hidden = new float[tokens * ff];
        hidden2 = new float[tokens * ff];
        row = new float[dim];
        positions = new int[tokens];
    }
}
