package realizar.runtime.embed;

/**
 * GELU, in the two forms encoders use: PyTorch's exact {@code 0.5·x·(1 + erf(x/√2))} (Hugging Face
 * {@code hidden_act = "gelu"}), and llama.cpp's — the tanh approximation read from a table indexed by the input
 * rounded to fp16, giving an fp16 result ({@code ggml_vec_gelu_f32} with {@code GGML_GELU_FP16}; inputs beyond ±10
 * give 0 or x).
 *
 * <p>The erf form is interpolated linearly in a table of step 1/{@value #ERF_STEPS_PER_UNIT} over [-10, 10]
 * (absolute error below 4e-7, from h²/8 · max|GELU''|), fifteen times cheaper than evaluating erf: it was a sixth of
 * MiniLM's time.
 */
final class Gelu {
    private static final float SQRT_2_OVER_PI = 0.7978845608028654f;
    private static final float COEF_A = 0.044715f;
    private static final double INV_SQRT_2 = 0.7071067811865476;

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

    static final int ERF_STEPS_PER_UNIT = 512;
    private static final float ERF_RANGE = 10f;

    /** GELU with erf at x = -10 + i/512, and one more point so that interpolation never reads past the end. */
    private static final class ErfTable {
        static final float[] VALUES = new float[(int) (2 * ERF_RANGE * ERF_STEPS_PER_UNIT) + 2];

        static {
            for (int i = 0; i < VALUES.length; i++) {
                double x = -ERF_RANGE + (double) i / ERF_STEPS_PER_UNIT;
                VALUES[i] = (float) (0.5 * x * (1 + erf(x * INV_SQRT_2)));
            }
        }
    }

    private Gelu() {
    }

    /** In place over {@code len} values: erf GELU when {@code erf}, else llama.cpp's table GELU. */
    static void apply(float[] x, int len, boolean erf) {
        if (erf) {
            float[] table = ErfTable.VALUES;
            for (int i = 0; i < len; i++) {
                float v = x[i];
                if (v <= -ERF_RANGE) {
                    x[i] = 0f;
                } else if (v < ERF_RANGE) {
                    // v·512 and its fractional part are exact in float; (v + 10)·512 would round.
                    float scaled = v * ERF_STEPS_PER_UNIT;
                    float whole = (float) Math.floor(scaled);
                    float frac = scaled - whole;
                    int k = (int) whole + (int) (ERF_RANGE * ERF_STEPS_PER_UNIT);
                    x[i] = table[k] + frac * (table[k + 1] - table[k]);
                }
            }
        } else {
            float[] table = Table.VALUES;
            for (int i = 0; i < len; i++) {
                float v = x[i];
                if (v <= -10f) {
                    x[i] = 0f;
                } else if (v < 10f) {
                    x[i] = table[Float.floatToFloat16(v) & 0xFFFF];
                }
            }
        }
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
