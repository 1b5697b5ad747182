package realizar.runtime.arch.decoder;

import java.util.Arrays;
import java.util.Optional;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.backend.ComputeDevice;
import realizar.api.backend.Weights;
import realizar.api.format.ModelFile;
import realizar.api.format.Tensor;

/**
 * Fetches a model's tensors by their GGUF names and checks their shapes, as llama.cpp's {@code create_tensor} does.
 * Matrices stay in the file mapping (prepared by the device); vectors (norm weights, biases) are decoded to floats.
 */
public final class TensorLoader {
    private final ModelFile file;
    private final ComputeDevice device;

    public TensorLoader(ModelFile file, ComputeDevice device) {
        this.file = file;
        this.device = device;
    }

    public ComputeDevice device() {
        return device;
    }

    public boolean has(String name) {
        return file.findTensor(name).isPresent();
    }

    /** The raw tensor {@code name} of shape [cols, rows] (rows = 1 for a vector). */
    public Tensor tensor(String name, long cols, long rows) {
        Tensor t = file.tensor(name);
        expectShape(t, cols, rows);
        return t;
    }

    /** A weight matrix of {@code rows} output features over {@code cols} inputs, ready for the device's matmul. */
    public Weights matrix(String name, long cols, long rows) {
        return device.weights(tensor(name, cols, rows));
    }

    public Optional<Weights> optionalMatrix(String name, long cols, long rows) {
        return has(name) ? Optional.of(matrix(name, cols, rows)) : Optional.empty();
    }

    /** A vector of {@code length} values, decoded to float. */
    public float[] vector(String name, int length) {
        Tensor t = file.tensor(name);
        if (t.info().elementCount() != length) {
            throw new RealizarException(ErrorCode.MALFORMED_MODEL, "tensor '" + name + "' has "
                    + t.info().elementCount() + " values, expected " + length);
        }
        float[] out = new float[length];
        device.dequantize(t, 0, out, 0, length);
        return out;
    }

    /** The vector {@code name}, or null when the model has none. */
    public float[] optionalVector(String name, int length) {
        return has(name) ? vector(name, length) : null;
    }

    /** {@code weight}/{@code bias} of a linear layer {@code base} ({@code blk.0.attn_q}); the bias may be absent. */
    public Linear linear(String base, int cols, int rows) {
        return new Linear(matrix(base + ".weight", cols, rows), optionalVector(base + ".bias", rows), device);
    }

    /** As {@link #linear} for a layer whose bias must be present. */
    public Linear linearWithBias(String base, int cols, int rows) {
        return new Linear(matrix(base + ".weight", cols, rows), vector(base + ".bias", rows), device);
    }

    private static void expectShape(Tensor t, long cols, long rows) {
        long[] dims = t.info().dims();
        boolean ok = t.info().dim(0) == cols && t.info().rowCount() == rows;
        if (!ok) {
            throw new RealizarException(ErrorCode.MALFORMED_MODEL, "tensor '" + t.name() + "' has shape "
                    + Arrays.toString(dims) + ", expected [" + cols + ", " + rows + "]");
        }
    }
}
