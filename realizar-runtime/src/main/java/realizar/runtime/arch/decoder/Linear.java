package realizar.runtime.arch.decoder;

import realizar.api.backend.ComputeDevice;
import realizar.api.backend.Weights;
import realizar.runtime.ops.Activations;

/** A linear layer: y = W·x (+ b), as llama.cpp's {@code build_lora_mm} followed by {@code ggml_add} of the bias. */
public record Linear(Weights weight, float[] bias, ComputeDevice device) {

    /** Output features. */
    public int rows() {
        return weight.rows();
    }

    /** Input features. */
    public int cols() {
        return weight.cols();
    }

    /** {@code n} rows of {@code x} through the layer into {@code y}. */
    public void apply(float[] x, float[] y, int n) {
        device.matmul(weight, x, y, n);
        if (bias != null) {
            Activations.addRows(y, bias, n);
        }
    }
}
