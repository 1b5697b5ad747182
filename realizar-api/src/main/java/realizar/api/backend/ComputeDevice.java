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

    /** Prepares a weight tensor for {@link #matmul}. Does not copy on the CPU. */
    Weights weights(Tensor tensor);

    /**
     * Prepares a weight tensor for {@link #matmul} calls that mostly multiply many activation rows at once (an encoder
     * over a whole batch of sentences, long prompts). A device may copy it once into a layout of its own that serves
     * such products faster, at the cost of the copy's memory (freed when the device closes); the result works for any
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
     * {@code out} receives n rows of {@link AttentionShape#queryWidth()}.
     */
    void attention(AttentionShape shape, float[] q, float[] kCache, float[] vCache, float[] out, int pos0, int n);

    @Override
    void close();
}
