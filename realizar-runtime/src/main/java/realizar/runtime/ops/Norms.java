package realizar.runtime.ops;

/**
 * Normalisations in ggml's float arithmetic: sums accumulate in double ({@code ggml_float}), everything else is
 * float32, and the weight multiply and bias add are separate roundings, as ggml's separate {@code ggml_mul} and
 * {@code ggml_add} nodes are.
 */
public final class Norms {
    private Norms() {
    }

    /**
     * RMSNorm of each of {@code n} rows of {@code dim} values, times {@code weight}: ggml_rms_norm then ggml_mul.
     * {@code out} may be {@code x}.
     */
    public static void rmsNorm(float[] out, float[] x, float[] weight, int n, int dim, float eps) {
        rmsNorm(out, 0, x, 0, weight, n, dim, eps);
    }

    /** {@link #rmsNorm(float[], float[], float[], int, int, float)} on rows starting at the given offsets. */
    public static void rmsNorm(float[] out, int outOff, float[] x, int xOff, float[] weight, int n, int dim, float eps) {
        for (int t = 0; t < n; t++) {
            int in = xOff + t * dim;
            int to = outOff + t * dim;
            double sum = 0;
            for (int i = 0; i < dim; i++) {
                sum += x[in + i] * x[in + i];
            }
            float mean = (float) (sum / dim);
            float scale = 1.0f / (float) Math.sqrt(mean + eps);
            for (int i = 0; i < dim; i++) {
                out[to + i] = (x[in + i] * scale) * weight[i];
            }
        }
    }

    /**
     * LayerNorm of each row: ggml_norm ((x - mean) / sqrt(var + eps), mean and variance summed in double), then
     * ggml_mul by {@code weight} and ggml_add of {@code bias} (may be null). {@code out} may be {@code x}.
     */
    public static void layerNorm(float[] out, float[] x, float[] weight, float[] bias, int n, int dim, float eps) {
        for (int t = 0; t < n; t++) {
            int off = t * dim;
            double sum = 0;
            for (int i = 0; i < dim; i++) {
                sum += x[off + i];
            }
            // ggml_vec_sum_f32 hands back a float; the mean is a float division.
            float mean = (float) sum / dim;
            double var = 0;
            for (int i = 0; i < dim; i++) {
                float d = x[off + i] - mean;
                var += d * d;
            }
            float scale = 1.0f / (float) Math.sqrt((float) (var / dim) + eps);
            for (int i = 0; i < dim; i++) {
                float v = ((x[off + i] - mean) * scale) * weight[i];
                out[off + i] = bias == null ? v : v + bias[i];
            }
        }
    }
}
