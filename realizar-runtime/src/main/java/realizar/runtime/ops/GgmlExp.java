package realizar.runtime.ops;

/**
 * exp(x) exactly as ggml's AVX2 kernels compute it ({@code ggml_v_expf}, "adapted from arm limited optimized
 * routine", max error ~1.5 ulp): a range reduction by ln 2 and a degree-5 polynomial, in fused multiply-adds. ggml
 * uses it for SiLU/SwiGLU on all but the last {@code n % 8} values of a row, which take libm's {@code expf}; matching
 * it bit for bit keeps quantized activations downstream from flipping.
 */
public final class GgmlExp {
    /** ggml's SIMD width on AVX2: values per {@code ggml_v_expf} call. */
    public static final int LANES = 8;

    private GgmlExp() {
    }

    /** ggml_v_expf on one lane. */
    public static float vexp(float x) {
        float r = 0x1.8p23f;
        float z = Math.fma(x, 0x1.715476p+0f, r);
        float n = z - r;
        float b = Math.fma(-n, 0x1.7f7d1cp-20f, Math.fma(-n, 0x1.62e4p-1f, x));
        int e = Float.floatToRawIntBits(z) << 23;
        float k = Float.intBitsToFloat(e + Float.floatToRawIntBits(1.0f));
        float u = b * b;
        float j = Math.fma(Math.fma(Math.fma(0x1.0e4020p-7f, b, 0x1.573e2ep-5f), u, Math.fma(0x1.555e66p-3f, b, 0x1.fffdb6p-2f)),
                u, 0x1.ffffecp-1f * b);
        float absN = Math.abs(n);
        if (!(absN > 126)) {
            return Math.fma(j, k, k);
        }
        int g = n <= 0 ? 0x82000000 : 0;
        float s1 = Float.intBitsToFloat(g + 0x7f000000);
        float s2 = Float.intBitsToFloat(e - g);
        if (absN > 192) {
            return s1 * s1;
        }
        return Math.fma(s2, j, s2) * s1;
    }

    /** ggml_v_silu on one lane: x / (1 + exp(0 − x)). */
    public static float vsilu(float x) {
        return x / (1.0f + vexp(0.0f - x));
    }

    /** ggml_silu_f32 (the scalar tail): x / (1 + expf(−x)). */
    public static float silu(float x) {
        return x / (1.0f + (float) Math.exp(-x));
    }
}
