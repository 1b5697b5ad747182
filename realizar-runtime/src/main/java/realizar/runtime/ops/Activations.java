package realizar.runtime.ops;

/** Element-wise functions of the feed-forward blocks. */
public final class Activations {
    private Activations() {
    }

    /** gate[i] = silu(gate[i]) · up[i] for {@code len} values: SwiGLU, as ggml_silu followed by ggml_mul. */
    public static void swiglu(float[] gate, float[] up, int len) {
        for (int i = 0; i < len; i++) {
            float g = gate[i];
            gate[i] = g / (1.0f + (float) Math.exp(-g)) * up[i];
        }
    }

    /** x[i] += y[i] for {@code len} values (residual connections). */
    public static void add(float[] x, float[] y, int len) {
        for (int i = 0; i < len; i++) {
            x[i] += y[i];
        }
    }
}
