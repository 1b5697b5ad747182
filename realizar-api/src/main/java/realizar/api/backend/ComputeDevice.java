package realizar.api.backend;

import realizar.api.format.Tensor;
import realizar.api.format.TensorType;

/**
 * One opened device and the operations realizar runs on it. Activations live in float arrays in row-major order;
 * weights are {@link Weights} prepared by this device.
 *
 * <p>Threading: a device runs one operation at a time and parallelises inside it; callers serialise their calls (the
 * runtime's scheduler does). Lifetime: {@link #close()} stops the device's threads and frees what it allocated.
 * Unsupported combinations throw {@code UNSUPPORTED_TENSOR_TYPE} or {@code UNSUPPORTED_OPERATION}; nothing silently
 * does nothing.
 */
public interface ComputeDevice extends AutoCloseable {
    DeviceInfo info();

    /** Whether {@code op} works on weights of {@code type}; ask before use. */
    boolean supports(Op op, TensorType type);

    /**
     * Prepares a weight tensor for {@link #matmul}. The CPU serves most types from the file mapping and copies a few
     * into a faster layout of its own (repacking; the backend's README lists which and what it costs).
     */
    Weights weights(Tensor tensor);

    /**
     * Prepares a weight tensor for {@link #matmul} calls that mostly multiply many activation rows at once (an encoder
     * over a whole batch of sentences, long prompts). A device may copy it once into a layout of its own that serves
     * such products faster, at the cost of the copy's memory (freed with the weights); the result works for any
     * {@code n}, and equals {@link #weights(Tensor)}'s up to float summation order. The default is
     * {@link #weights(Tensor)}.
     */
    default Weights batchWeights(Tensor tensor) {
        return weights(tensor);
    }

    /**
     * {@code y[t][r] = Σ_c W[r][c] · x[t][c]} for {@code t < n}: {@code x} holds {@code n} rows of {@code w.cols()}
     * values, {@code y} receives {@code n} rows of {@code w.rows()} values. With n = 1 this is decode's matrix-vector
     * product; with n &gt; 1 prefill's matrix-matrix product.
     */
    void matmul(Weights w, float[] x, float[] y, int n);

    /** Decodes {@code count} elements of {@code tensor}, starting at element {@code first}, to float32. */
    void dequantize(Tensor tensor, long first, float[] out, int outOffset, int count);

    /**
     * Causal attention for {@code n} query rows at positions {@code pos0 … pos0+n-1}. {@code q} holds n rows of
     * {@link AttentionShape#queryWidth()}; {@code kCache}/{@code vCache} hold one row of
     * {@link AttentionShape#kvWidth()} per position and must already contain positions up to {@code pos0+n-1};
     * {@code out} receives n rows of {@link AttentionShape#queryWidth()}. A cache held in binary16 or Q8_0 goes through
     * the {@link KvBuffer} overload below.
     */
    void attention(AttentionShape shape, float[] q, float[] kCache, float[] vCache, float[] out, int pos0, int n);

    /**
     * {@link #attention(AttentionShape, float[], float[], float[], float[], int, int) attention} over a cache held in
     * its own precision ({@link KvBuffer.F16}, {@link KvBuffer.Q8_0} or {@link KvBuffer.F32}); rows of
     * {@link AttentionShape#kvWidth()} values. Every value counts as the float it decodes to exactly, so the result
     * equals the float32 overload on the decoded cache up to float summation order. Does not modify the buffers.
     *
     * <p>The default decodes positions {@code 0 … pos0+n-1} of both buffers into new float arrays and calls the float32
     * overload: correct on every device, but it allocates and converts the whole visible cache per call. Devices
     * override it to read the encoded rows directly.
     *
     * @throws IllegalArgumentException when the buffers' row width is not {@code shape.kvWidth()} or they hold fewer
     *                                  than {@code pos0+n} positions
     */
    default void attention(AttentionShape shape, float[] q, KvBuffer kCache, KvBuffer vCache, float[] out, int pos0, int n) {
        kCache.checkFits(shape, pos0 + n);
        vCache.checkFits(shape, pos0 + n);
        if (kCache instanceof KvBuffer.F32 k && vCache instanceof KvBuffer.F32 v) {
            attention(shape, q, k.values(), v.values(), out, pos0, n);
            return;
        }
        int used = (pos0 + n) * shape.kvWidth();
        float[] k = new float[used];
        float[] v = new float[used];
        kCache.decode(0, k, 0, used);
        vCache.decode(0, v, 0, used);
        attention(shape, q, k, v, out, pos0, n);
    }

    /**
     * Runs host-side element-wise work between device operations (bias, normalisation, activation, per-sequence
     * attention of the caller's own) over {@code [0, n)}, split into contiguous ranges over the device's threads; returns
     * when all are done. {@code body} must compute each index independently of how the range is split, so results do
     * not depend on the thread count, and must not call this device. The default runs {@code body.run(0, n)} on the
     * caller, which is also right for a device whose threads are not the host's (a GPU).
     */
    default void parallel(int n, RangeBody body) {
        if (n > 0) {
            body.run(0, n);
        }
    }

    @Override
    void close();
}
