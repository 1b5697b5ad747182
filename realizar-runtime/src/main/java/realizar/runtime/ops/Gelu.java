package realizar.runtime.ops;

/**
 * GELU as ggml's CPU backend computes it ({@code GGML_GELU_FP16}, on by default): the tanh approximation
 * {@code 0.5x(1 + tanh(sqrt(2/pi)·x·(1 + 0.044715x²)))}, looked up in a table indexed by the float16 bits of the
 * input and stored as float16, so {@code y = f16(gelu(f16(x)))}; inputs at or beyond ±10 bypass the table
 * ({@code ggml_vec_gelu_f32}, {@code ggml_vec_geglu_f32}).
 */
public final class Gelu {
    private static final float COEF_A = 0.044715f;
    private static final float SQRT_2_OVER_PI = 0.79788456080286535587989211986876f;
    /** ggml_table_gelu_f16, widened to float: index = the float16 bits of the input. */
    private static final float[] TABLE = new float[1 << 16];

    static {
        for (int i = 0; i < TABLE.length; i++) {
            float x = Float.float16ToFloat((short) i);
            TABLE[i] = Float.float16ToFloat(Float.floatToFloat16(tanhApproximation(x)));
        }
    }

    private Gelu() {
    }

    /** ggml_gelu_f32, in float arithmetic. */
    static float tanhApproximation(float x) {
        return 0.5f * x * (1.0f + (float) Math.tanh(SQRT_2_OVER_PI * x * (1.0f + COEF_A * x * x)));
    }

    /** GELU of one value, as ggml_vec_gelu_f32. */
    public static float apply(float x) {
        if (x <= -10.0f) {
            return 0.0f;
        }
        if (x >= 10.0f) {
            return x;
        }
        return TABLE[Float.floatToFloat16(x) & 0xffff];
    }

    /** x[i] = gelu(x[i]) for {@code len} values. */
    public static void inPlace(float[] x, int len) {
        for (int i = 0; i < len; i++) {
            x[i] = apply(x[i]);
        }
    }

    /** gate[i] = gelu(gate[i]) · up[i]: GEGLU, as ggml_geglu_split. */
    public static void geglu(float[] gate, float[] up, int len) {
        for (int i = 0; i < len; i++) {
            gate[i] = apply(gate[i]) * up[i];
        }
    }
}
