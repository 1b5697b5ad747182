package realizar.runtime.embed;

/**
 * GELU, in the two forms encoders use: PyTorch's exact {@code 0.5·x·(1 + erf(x/√2))} (Hugging Face
 * {@code hidden_act = "gelu"}) and the tanh approximation llama.cpp's ggml computes for every GELU.
 */
final class Gelu {
    private static final float SQRT_2_OVER_PI = 0.7978845608028654f;
    private static final float COEF_A = 0.044715f;
    private static final double INV_SQRT_2 = 0.7071067811865476;

    private Gelu() {
    }

    /** In place over {@code len} values. */
    static void apply(float[] x, int len, boolean erf) {
        if (erf) {
            for (int i = 0; i < len; i++) {
                double v = x[i];
                x[i] = (float) (0.5 * v * (1 + erf(v * INV_SQRT_2)));
            }
        } else {
            for (int i = 0; i < len; i++) {
                float v = x[i];
                x[i] = 0.5f * v * (1.0f + (float) Math.tanh(SQRT_2_OVER_PI * v * (1.0f + COEF_A * v * v)));
            }
        }
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
