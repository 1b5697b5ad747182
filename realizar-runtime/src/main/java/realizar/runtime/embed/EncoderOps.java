package realizar.runtime.embed;

/**
 * The encoder's element-wise passes, fused so that each activation row is read and written as few times as possible
 * after its matrix product: bias + residual + LayerNorm in one function (bias + GELU is {@link Gelu}'s). Sums run over
 * several independent accumulators: one accumulator makes every add wait for the previous one (4 cycles each), which
 * made LayerNorm 4 % of MiniLM's time; C2 does not vectorise float reductions itself, because that reorders the adds.
 * Loops carry no per-element conditionals, so C2 vectorises the element-wise ones.
 */
final class EncoderOps {
    private EncoderOps() {
    }

    /** Adds {@code bias} (when not null) to each of {@code n} rows of {@code width} values of {@code x}. */
    static void addBias(float[] x, float[] bias, int n, int width) {
        addBias(x, bias, 0, n, width);
    }

    /** {@link #addBias(float[], float[], int, int)} over rows {@code from} to {@code to - 1} only. */
    static void addBias(float[] x, float[] bias, int from, int to, int width) {
        if (bias == null) {
            return;
        }
        for (int t = from; t < to; t++) {
            int off = t * width;
            for (int i = 0; i < width; i++) {
                x[off + i] += bias[i];
            }
        }
    }

    /**
     * {@code x = LayerNorm(x + y + bias) · weight + normBias} row by row (the post-norm residual of a BERT block;
     * {@code bias} is the preceding projection's, may be null, as may {@code normBias}). Mean and variance as ggml's
     * {@code ggml_norm}: the mean of the row, then the mean of the squared deviations; in float over eight running
     * sums (double sums over four took 25 % longer: 173 vs 138 µs for 277 × 384, EncoderOpsProbe).
     */
    static void residualLayerNorm(float[] x, float[] y, float[] bias, float[] weight, float[] normBias, int n, int dim,
                                  float eps) {
        residualLayerNorm(x, y, bias, weight, normBias, 0, n, dim, eps);
    }

    /** The same over rows {@code from} to {@code to - 1} only. */
    static void residualLayerNorm(float[] x, float[] y, float[] bias, float[] weight, float[] normBias, int from, int to,
                                  int dim, float eps) {
        for (int t = from; t < to; t++) {
            int off = t * dim;
            // Separate loops rather than a conditional inside one, so that C2 vectorises each.
            if (bias == null) {
                for (int i = 0; i < dim; i++) {
                    x[off + i] += y[off + i];
                }
            } else {
                for (int i = 0; i < dim; i++) {
                    x[off + i] += y[off + i] + bias[i];
                }
            }
            float mean = sum(x, off, dim) / dim;
            float var = squaredDeviations(x, off, dim, mean);
            float scale = 1.0f / (float) Math.sqrt(var / dim + eps);
            if (normBias == null) {
                for (int j = 0; j < dim; j++) {
                    x[off + j] = ((x[off + j] - mean) * scale) * weight[j];
                }
            } else {
                for (int j = 0; j < dim; j++) {
                    x[off + j] = ((x[off + j] - mean) * scale) * weight[j] + normBias[j];
                }
            }
        }
    }

    /** Σ (x[off+i] − mean)² for i &lt; len, over eight running sums of fused multiply-adds. */
    static float squaredDeviations(float[] x, int off, int len, float mean) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            float d0 = x[off + i] - mean;
            float d1 = x[off + i + 1] - mean;
            float d2 = x[off + i + 2] - mean;
            float d3 = x[off + i + 3] - mean;
            float d4 = x[off + i + 4] - mean;
            float d5 = x[off + i + 5] - mean;
            float d6 = x[off + i + 6] - mean;
            float d7 = x[off + i + 7] - mean;
            s0 = Math.fma(d0, d0, s0);
            s1 = Math.fma(d1, d1, s1);
            s2 = Math.fma(d2, d2, s2);
            s3 = Math.fma(d3, d3, s3);
            s4 = Math.fma(d4, d4, s4);
            s5 = Math.fma(d5, d5, s5);
            s6 = Math.fma(d6, d6, s6);
            s7 = Math.fma(d7, d7, s7);
        }
        for (; i < len; i++) {
            float d = x[off + i] - mean;
            s0 = Math.fma(d, d, s0);
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** Σ x[off … off+len) over eight running float sums. */
    static float sum(float[] x, int off, int len) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            s0 += x[off + i];
            s1 += x[off + i + 1];
            s2 += x[off + i + 2];
            s3 += x[off + i + 3];
            s4 += x[off + i + 4];
            s5 += x[off + i + 5];
            s6 += x[off + i + 6];
            s7 += x[off + i + 7];
        }
        for (; i < len; i++) {
            s0 += x[off + i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /**
     * Σ a[aOff+d]·b[bOff+d] for d &lt; len (attention scores: len is the head size), over eight running sums of fused
     * multiply-adds: one instruction per term and eight independent chains, so the adds do not wait on each other.
     */
    static float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int d = 0;
        for (; d + 8 <= len; d += 8) {
            s0 = Math.fma(a[aOff + d], b[bOff + d], s0);
            s1 = Math.fma(a[aOff + d + 1], b[bOff + d + 1], s1);
            s2 = Math.fma(a[aOff + d + 2], b[bOff + d + 2], s2);
            s3 = Math.fma(a[aOff + d + 3], b[bOff + d + 3], s3);
            s4 = Math.fma(a[aOff + d + 4], b[bOff + d + 4], s4);
            s5 = Math.fma(a[aOff + d + 5], b[bOff + d + 5], s5);
            s6 = Math.fma(a[aOff + d + 6], b[bOff + d + 6], s6);
            s7 = Math.fma(a[aOff + d + 7], b[bOff + d + 7], s7);
        }
        for (; d < len; d++) {
            s0 = Math.fma(a[aOff + d], b[bOff + d], s0);
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
