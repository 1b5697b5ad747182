package realizar.runtime.ops;

/** Normalisations, in ggml's float arithmetic (sums in double, as ggml's {@code ggml_float}). */
public final class Norms {
    private Norms() {
    }

    /**
     * RMSNorm of each of {@code n} rows of {@code dim} values, times {@code weight}: ggml_rms_norm then ggml_mul.
     * {@code out} may be {@code x}.
     */
    public static void rmsNorm(float[] out, float[] x, float[] weight, int n, int dim, float eps) {
        for (int t = 0; t < n; t++) {
            int off = t * dim;
            double sum = 0;
            for (int i = 0; i < dim; i++) {
                sum += x[off + i] * x[off + i];
            }
            float mean = (float) (sum / dim);
            float scale = (float) (1.0 / Math.sqrt(mean + eps));
            for (int i = 0; i < dim; i++) {
                out[off + i] = (x[off + i] * scale) * weight[i];
            }
        }
    }

    /** LayerNorm of each row: (x - mean) / sqrt(var + eps) · weight + bias (bias may be null). */
    public static void layerNorm(float[] out, float[] x, float[] weight, float[] bias, int n, int dim, float eps) {
        for (int t = 0; t < n; t++) {
            int off = t * dim;
            double sum = 0;
            for (int i = 0; i < dim; i++) {
                sum += x[off + i];
            }
            float mean = (float) (sum / dim);
            double var = 0;
            for (int i = 0; i < dim; i++) {
                float d = x[off + i] - mean;
                var += d * d;
            }
            float scale = (float) (1.0 / Math.sqrt((float) (var / dim) + eps));
            for (int i = 0; i < dim; i++) {
                float v = (x[off + i] - mean) * scale * weight[i];
                out[off + i] = bias == null ? v : v + bias[i];
            }
        }
    }
}
