package realizar.runtime.arch.decoder;

/**
 * The activations of one forward pass over up to {@link #capacity} tokens, row-major (row t = token t), allocated once
 * per session so that decoding allocates nothing. Architectures use the buffers by role: {@link #x} the residual
 * stream, {@link #normed} a normalised copy, {@link #attnOut}/{@link #ffnOut} block outputs before the residual add.
 */
public final class Batch {
    public final int capacity;
    /** Tokens in this pass. */
    public int n;
    /** Position of the first token. */
    public int pos0;

    public final float[] x;
    public final float[] normed;
    public final float[] attnOut;
    public final float[] ffnOut;
    public final float[] q;
    public final float[] k;
    public final float[] v;
    /** Fused Q|K|V projection output (empty unless the model has a fused {@code attn_qkv}). */
    public final float[] qkv;
    public final float[] att;
    /** FFN up projection output (2·n_ff wide for a fused gate+up). */
    public final float[] up;
    public final float[] gate;
    /** The last token's hidden state, then its normalised copy. */
    public final float[] last;
    public final float[] logits;

    /**
     * @param upWidth  values per token of the FFN up projection
     * @param qkvWidth values per token of a fused QKV projection, 0 if none
     */
    public Batch(HParams p, int capacity, int upWidth, int qkvWidth) {
        this.capacity = capacity;
        int dim = p.dim();
        this.x = new float[capacity * dim];
        this.normed = new float[capacity * dim];
        this.attnOut = new float[capacity * dim];
        this.ffnOut = new float[capacity * dim];
        this.q = new float[capacity * p.queryWidth()];
        this.k = new float[capacity * p.kvWidth()];
        this.v = new float[capacity * p.kvWidth()];
        this.qkv = new float[capacity * qkvWidth];
        this.att = new float[capacity * p.queryWidth()];
        this.up = new float[capacity * upWidth];
        this.gate = new float[capacity * p.ff()];
        this.last = new float[dim];
        this.logits = new float[p.vocab()];
    }
}
