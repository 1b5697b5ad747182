package realizar.runtime.model;

/**
 * One sequence being evaluated: a KV cache and scratch buffers, allocated once, so decoding allocates nothing.
 * Not thread-safe.
 */
public interface Session {
    /** Positions filled so far. */
    int position();

    int contextLength();

    /**
     * Evaluates {@code n} tokens at positions {@code position() … position()+n-1} and returns the logits after the last
     * one. The returned array is the session's own buffer, valid until the next call.
     */
    float[] forward(int[] tokens, int offset, int n);

    /** Forgets positions from {@code position} on, so evaluation continues there. */
    void rewind(int position);
}
