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
    private final SequenceAttention attention;

    Encoder(EncoderConfig c, EncoderWeights w, ComputeDevice device) {
        this.c = c;
        this.w = w;
        this.device = device;
        this.rope = c.rotary() ? new Rope(Rope.Style.NEOX, c.headDim(), c.ropeBase(), null) : null;
        this.attention = new SequenceAttention(c.dim(), c.heads(), (float) (1.0 / Math.sqrt(c.headDim())));
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
        device.matmul(l.qkv(), x, qkv, n);
        EncoderOps.addBias(qkv, l.qkvBias(), n, 3 * dim);
        if (rope != null) {
            // Rotary positions restart at 0 in every sequence.
            for (int s = 0; s < sequences.length; s++) {
                for (int p = 0; p < sequences[s].length; p++) {
                    int r = offsets[s] + p;
                    rope.apply(qkv, r * 3 * dim, c.heads(), c.headDim(), p);
                    rope.apply(qkv, r * 3 * dim + dim, c.heads(), c.headDim(), p);
                }
            }
        }
        for (int s = 0; s < sequences.length; s++) {
            attention.attend(qkv, offsets[s], offsets[s + 1] - offsets[s], att);
        }
        device.matmul(l.output(), att, tmp, n);
        EncoderOps.residualLayerNorm(x, tmp, l.outputBias(), l.attnNormWeight(), l.attnNormBias(), n, dim, c.eps());
    }

    private void feedForwardBlock(EncoderWeights.Layer l, int n) {
        int dim = c.dim();
        int ff = c.hiddenDim();
        device.matmul(l.up(), x, hidden, n);
        float[] act = hidden;
        if (l.gate() != null) {
            EncoderOps.addBias(hidden, l.upBias(), n, ff);
            device.matmul(l.gate(), x, hidden2, n);
            Activations.swiglu(hidden2, hidden, n, ff);       // silu(gate) · up, into hidden2
            act = hidden2;
        } else {
            Gelu.apply(hidden, l.upBias(), n, ff, c.geluErf());
        }
        device.matmul(l.down(), act, tmp, n);
        EncoderOps.residualLayerNorm(x, tmp, l.downBias(), l.outNormWeight(), l.outNormBias(), n, dim, c.eps());
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
    }
}
