package realizar.runtime.ops;

/** Element-wise functions of the feed-forward blocks and residual connections. */
public final class Activations {
    private Activations() {
    }

    /**
     * gate[t][i] = silu(gate[t][i]) · up[t][i] for {@code n} rows of {@code width} values: SwiGLU, as ggml_swiglu_split
     * runs ggml_vec_swiglu_f32 on each row (SIMD SiLU on whole groups of 8, libm on the tail).
     */
    public static void swiglu(float[] gate, float[] up, int n, int width) {
        int simd = width - width % GgmlExp.LANES;
        for (int t = 0; t < n; t++) {
            int off = t * width;
            for (int i = 0; i < width; i++) {
                float g = gate[off + i];
                gate[off + i] = (i < simd ? GgmlExp.vsilu(g) : GgmlExp.silu(g)) * up[off + i];
            }
        }
    }

    /**
     * SwiGLU of rows that hold gate and up side by side (Phi-3's fused {@code ffn_up}): for each of {@code n} rows of
     * {@code 2·width} values, out[t][i] = silu(g[i]) · u[i] with g the first half and u the second (ggml_swiglu).
     */
    public static void swigluFused(float[] gateUp, float[] out, int n, int width) {
        int simd = width - width % GgmlExp.LANES;
        for (int t = 0; t < n; t++) {
            int g = t * 2 * width;
            int u = g + width;
            int o = t * width;
            for (int i = 0; i < width; i++) {
                float x = gateUp[g + i];
                out[o + i] = (i < simd ? GgmlExp.vsilu(x) : GgmlExp.silu(x)) * gateUp[u + i];
            }
        }
    }

    /** x[i] += y[i] for {@code len} values (residual connections). */
    public static void add(float[] x, float[] y, int len) {
        for (int i = 0; i < len; i++) {
            x[i] += y[i];
        }
    }

    /** Adds {@code bias} to each of {@code n} rows of {@code bias.length} values (ggml_add with a broadcast row). */
    public static void addRows(float[] x, float[] bias, int n) {
        int width = bias.length;
        for (int t = 0; t < n; t++) {
            int off = t * width;
            for (int i = 0; i < width; i++) {
                x[off + i] += bias[i];
            }
        }
    }

    /** x[i] *= s for {@code len} values (ggml_scale). */
    public static void scale(float[] x, float s, int len) {
        for (int i = 0; i < len; i++) {
            x[i] *= s;
        }
    }

    /** cap · tanh(x / cap) as llama.cpp builds it: ggml_scale by 1/cap, ggml_tanh, ggml_scale by cap. */
    public static void softcap(float[] x, float cap, int len) {
        float inv = 1.0f / cap;
        for (int i = 0; i < len; i++) {
            x[i] = (float) Math.tanh(x[i] * inv) * cap;
        }
    }
}
