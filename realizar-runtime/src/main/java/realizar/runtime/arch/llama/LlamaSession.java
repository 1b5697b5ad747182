package realizar.runtime.arch.llama;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.backend.ComputeDevice;
import realizar.runtime.model.KvType;
import realizar.runtime.model.Session;
import realizar.runtime.ops.Activations;
import realizar.runtime.ops.Norms;

/**
 * One sequence through a {@link LlamaModel}: the forward pass of llama.cpp's {@code llm_build_llama}, over a batch of
 * tokens at once (prefill) or one token (decode). All buffers are allocated here, once.
 */
final class LlamaSession implements Session {
    private final LlamaModel model;
    private final LlamaConfig c;
    private final ComputeDevice device;
    private final KvType kvType;
    private final int contextLength;
    private final int maxBatch;
    private final float[][] keyCache;
    private final float[][] valueCache;
    // Activations for up to maxBatch tokens, row-major.
    private final float[] x;
    private final float[] xb;
    private final float[] q;
    private final float[] k;
    private final float[] v;
    private final float[] att;
    private final float[] hidden;
    private final float[] hidden2;
    private final float[] last;
    private final float[] logits;
    private int position;

    LlamaSession(LlamaModel model, int contextLength, KvType kvType, int maxBatch) {
        this.model = model;
        this.c = model.config;
        this.device = model.device;
        this.kvType = kvType;
        this.contextLength = contextLength;
        this.maxBatch = Math.min(maxBatch, contextLength);
        int b = this.maxBatch;
        this.keyCache = new float[c.layers()][Math.multiplyExact(contextLength, c.kvWidth())];
        this.valueCache = new float[c.layers()][Math.multiplyExact(contextLength, c.kvWidth())];
        this.x = new float[b * c.dim()];
        this.xb = new float[b * Math.max(c.dim(), c.queryWidth())];
        this.q = new float[b * c.queryWidth()];
        this.k = new float[b * c.kvWidth()];
        this.v = new float[b * c.kvWidth()];
        this.att = new float[b * c.queryWidth()];
        this.hidden = new float[b * c.hiddenDim()];
        this.hidden2 = new float[b * c.hiddenDim()];
        this.last = new float[c.dim()];
        this.logits = new float[c.vocabSize()];
    }

    @Override
    public int position() {
        return position;
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    @Override
    public void rewind(int to) {
        if (to < 0 || to > position) {
            throw new IllegalArgumentException("cannot rewind to " + to + " from " + position);
        }
        position = to;
    }

    @Override
    public float[] forward(int[] tokens, int offset, int count) {
        if (position + count > contextLength) {
            throw new RealizarException(ErrorCode.CONTEXT_OVERFLOW, "the context holds " + contextLength
                    + " tokens; " + position + " are used and " + count + " more do not fit (raise --ctx, up to the model's "
                    + model.trainedContextLength() + ")");
        }
        for (int done = 0; done < count; ) {
            int n = Math.min(maxBatch, count - done);
            batch(tokens, offset + done, n);
            done += n;
        }
        return logits;
    }

    private void batch(int[] tokens, int offset, int n) {
        int dim = c.dim();
        for (int t = 0; t < n; t++) {
            int token = tokens[offset + t];
            if (token < 0 || token >= c.vocabSize()) {
                throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "token id " + token + " is outside the vocabulary [0, " + c.vocabSize() + ")");
            }
            device.dequantize(model.weights.tokenEmbedding(), (long) token * dim, x, t * dim, dim);
        }
        for (int l = 0; l < c.layers(); l++) {
            attentionBlock(l, n);
            feedForwardBlock(l, n);
        }
        position += n;
        // Only the last token's logits are needed to choose the next token.
        System.arraycopy(x, (n - 1) * dim, last, 0, dim);
        Norms.rmsNorm(last, last, model.weights.outputNorm(), 1, dim, c.rmsEps());
        device.matmul(model.weights.output(), last, logits, 1);
    }

    private void attentionBlock(int l, int n) {
        LlamaWeights.Layer w = model.weights.layers()[l];
        int dim = c.dim();
        int kvWidth = c.kvWidth();
        Norms.rmsNorm(xb, x, w.attnNorm(), n, dim, c.rmsEps());
        device.matmul(w.wq(), xb, q, n);
        device.matmul(w.wk(), xb, k, n);
        device.matmul(w.wv(), xb, v, n);
        float[] kc = keyCache[l];
        float[] vc = valueCache[l];
        for (int t = 0; t < n; t++) {
            int pos = position + t;
            model.rope.apply(q, t * c.queryWidth(), c.heads(), pos);
            model.rope.apply(k, t * kvWidth, c.kvHeads(), pos);
            System.arraycopy(k, t * kvWidth, kc, pos * kvWidth, kvWidth);
            System.arraycopy(v, t * kvWidth, vc, pos * kvWidth, kvWidth);
            kvType.round(kc, pos * kvWidth, kvWidth);
            kvType.round(vc, pos * kvWidth, kvWidth);
        }
        device.attention(model.attention, q, kc, vc, att, position, n);
        device.matmul(w.wo(), att, xb, n);
        Activations.add(x, xb, n * dim);
    }

    private void feedForwardBlock(int l, int n) {
        LlamaWeights.Layer w = model.weights.layers()[l];
        int dim = c.dim();
        Norms.rmsNorm(xb, x, w.ffnNorm(), n, dim, c.rmsEps());
        device.matmul(w.wGate(), xb, hidden, n);
        device.matmul(w.wUp(), xb, hidden2, n);
        Activations.swiglu(hidden, hidden2, n * c.hiddenDim());
        device.matmul(w.wDown(), hidden, xb, n);
        Activations.add(x, xb, n * dim);
    }
}
