package realizar.runtime.embed;

/**
 * GELU, in the two forms encoders use: PyTorch's exact {@code 0.5·x·(1 + erf(x/√2))} (Hugging Face
 * {@code hidden_act = "gelu"}), and llama.cpp's — the tanh approximation read from a table indexed by the input
 * rounded to fp16, giving an fp16 result ({@code ggml_vec_gelu_f32} with {@code GGML_GELU_FP16}; inputs beyond ±10
 * give 0 or x).
 *
 * <p>The erf form evaluates erf as a rational function, x·P(x²)/Q(x²) with x clamped to ±3.8325 (the form and
 * coefficients of Eigen's {@code generic_fast_erf_float}; absolute error below 3.5e-7 in float, measured against
 * {@code math.erf} over [-8, 8]), in fused multiply-adds. No table look-up and no branch, so C2 can vectorise the
 * loop: the table interpolation it replaces (step 1/512) was 9 % of MiniLM's batch time; bias + GELU over 277 × 1536
 * now takes ~314 µs (EncoderOpsProbe; 367 µs with separate multiplies and adds).
 */
final class Gelu {
    private static final float SQRT_2_OVER_PI = 0.7978845608028654f;
    private static final float COEF_A = 0.044715f;

    /** ggml_table_gelu_f16: gelu_tanh of every fp16 value, rounded to fp16 (stored widened to float). */
    private static final class Table {
        static final float[] VALUES = new float[1 << 16];

        static {
            for (int i = 0; i < VALUES.length; i++) {
                float x = Float.float16ToFloat((short) i);
                VALUES[i] = Float.float16ToFloat(Float.floatToFloat16(tanhGelu(x)));
            }
        }
    }

    /** erf(x) is 1 within float rounding beyond this (Eigen's clamp). */
    private static final float ERF_CLAMP = 3.832506856900711f;
    private static final float A1 = 1.128379143519084f;
    private static final float A3 = 0.18520832239976145f;
    private static final float A5 = 0.050955695062380861f;
    private static final float A7 = 0.0034082910107109506f;
    private static final float A9 = 0.00022905065861350646f;
    private static final float B2 = 0.49746925110067538f;
    private static final float B4 = 0.11098505178285362f;
    private static final float B6 = 0.014070470171167667f;
    private static final float B8 = 0.0010179625278914885f;
    private static final float B10 = 0.000023547966471313185f;
    private static final float B12 = -1.1791602954361697e-7f;
    private static final float INV_SQRT_2_F = 0.70710678118654752f;

    private Gelu() {
    }

    /** In place over {@code len} values: erf GELU when {@code erf}, else llama.cpp's table GELU. */
    static void apply(float[] x, int len, boolean erf) {
        apply(x, null, 1, len, erf);
    }

    /**
     * {@code x = GELU(x + bias)} over {@code n} rows of {@code width} values ({@code bias} may be null): the FFN's up
     * projection bias folded into its activation, one pass over the rows instead of two.
     */
    static void apply(float[] x, float[] bias, int n, int width, boolean erf) {
        apply(x, bias, 0, n, width, erf);
    }

    /** {@link #apply(float[], float[], int, int, boolean)} over rows {@code from} to {@code to - 1} only. */
    static void apply(float[] x, float[] bias, int from, int to, int width, boolean erf) {
        for (int t = from; t < to; t++) {
            int off = t * width;
            if (bias != null) {
                for (int i = 0; i < width; i++) {
                    x[off + i] += bias[i];
                }
            }
            if (erf) {
                for (int i = off; i < off + width; i++) {
                    x[i] = erfGelu(x[i]);
                }
            } else {
                for (int i = off; i < off + width; i++) {
                    x[i] = tableGelu(x[i]);
                }
            }
        }
    }

    /** 0.5·v·(1 + erf(v/√2)), erf as Eigen's rational approximation; branch-free so that the caller's loop vectorises. */
    static float erfGelu(float v) {
        float z = Math.min(ERF_CLAMP, Math.max(-ERF_CLAMP, v * INV_SQRT_2_F));
        float z2 = z * z;
        float p = Math.fma(Math.fma(Math.fma(Math.fma(A9, z2, A7), z2, A5), z2, A3), z2, A1);
        float q = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(B12, z2, B10), z2, B8), z2, B6), z2, B4), z2, B2), z2, 1f);
        return 0.5f * v * (1f + z * p / q);
    }

    private static float tableGelu(float v) {
        if (v <= -10f) {
            return 0f;
        } else if (v >= 10f) {
            return v;
        }
        return Table.VALUES[Float.floatToFloat16(v) & 0xFFFF];
    }

    /** ggml's {@code ggml_gelu_f32}: the tanh approximation in float. */
    static float tanhGelu(float x) {
        return 0.5f * x * (1.0f + (float) Math.tanh(SQRT_2_OVER_PI * x * (1.0f + COEF_A * x * x)));
    }

    /** erf through the Chebyshev fit of erfc in Numerical Recipes ({@code erfcc}): fractional error below 1.2e-7. */
    static double erf(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - r : r - 1;
    }
}
