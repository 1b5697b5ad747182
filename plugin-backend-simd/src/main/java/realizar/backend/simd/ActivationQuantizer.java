package realizar.backend.simd;

/**
 * Converts activations exactly as ggml's CPU backend does before a quantized dot product, so that our integer dots
 * see the same int8 values as llama.cpp's (the reference fixtures are only reproducible that way):
 * <ul>
 *   <li>Q8_0/Q8_1: the AVX2 {@code quantize_row_q8_0}/{@code _q8_1} of ggml-cpu/arch/x86/quants.c, which multiplies
 *       by {@code 127/amax} and rounds half to even ({@code _mm256_round_ps}), not the scalar reference's
 *       {@code roundf(x/d)};</li>
 *   <li>Q8_K: {@code quantize_row_q8_K_ref} (ggml-quants.c), which x86 uses as is: {@code iscale = -127/max} with max
 *       the signed value of largest magnitude, {@code nearest_int}, clamp to 127, {@code d = 1/iscale}, bsums;</li>
 *   <li>F16: {@code GGML_FP32_TO_FP16} (round to nearest even); BF16: {@code GGML_FP32_TO_BF16} (round to nearest
 *       even, NaN kept quiet).</li>
 * </ul>
 */
final class ActivationQuantizer {
    private ActivationQuantizer() {
    }

    static void round(ActivationFormat format, float[] x, float[] out, int count) {
        if (format == ActivationFormat.F16) {
            for (int i = 0; i < count; i++) {
                out[i] = Float.float16ToFloat(Float.floatToFloat16(x[i]));
            }
        } else {
            for (int i = 0; i < count; i++) {
                out[i] = bf16Round(x[i]);
            }
        }
    }

    /** ggml_compute_fp32_to_bf16 followed by the exact widening back to float32. */
    static float bf16Round(float f) {
        int u = Float.floatToRawIntBits(f);
        int h;
        if ((u & 0x7fffffff) > 0x7f800000) {
            h = (u >>> 16) | 64;
        } else {
            h = (u + (0x7fff + ((u >>> 16) & 1))) >>> 16;
        }
        return Float.intBitsToFloat(h << 16);
    }

    /** Quantizes block {@code b} of the activations, starting at {@code x[from]}, into {@code a}. */
    static void quantize(ActivationFormat format, float[] x, int from, Activations a, int b) {
        if (format == ActivationFormat.Q8_K) {
            q8K(x, from, a, b);
        } else {
            q8(format, x, from, a, b);
        }
    }

    private static void q8(ActivationFormat format, float[] x, int from, Activations a, int b) {
        float amax = 0;
        for (int j = 0; j < 32; j++) {
            amax = Math.max(amax, Math.abs(x[from + j]));
        }
        float d = amax / 127f;
        float id = amax != 0f ? 127f / amax : 0f;
        int sum = 0;
        for (int j = 0; j < 32; j++) {
            int v = (int) Math.rint(x[from + j] * id);
            a.q[from + j] = (short) v;
            sum += v;
        }
        a.d[b] = Float.float16ToFloat(Float.floatToFloat16(d));
        a.sums[b] = sum;
        if (format == ActivationFormat.Q8_1) {
            a.s[b] = Float.float16ToFloat(Float.floatToFloat16(d * sum));
        }
    }

    private static void q8K(float[] x, int from, Activations a, int b) {
        float max = 0;
        float amax = 0;
        for (int j = 0; j < 256; j++) {
            float ax = Math.abs(x[from + j]);
            if (ax > amax) {
                amax = ax;
                max = x[from + j];
            }
        }
        if (amax == 0f) {
            a.d[b] = 0f;
            java.util.Arrays.fill(a.q, from, from + 256, (short) 0);
            java.util.Arrays.fill(a.sums, from / 16, from / 16 + 16, 0);
            return;
        }
        float iscale = -127f / max;
        for (int j = 0; j < 256; j++) {
            a.q[from + j] = (short) Math.min(127, nearestInt(iscale * x[from + j]));
        }
        for (int j = 0; j < 16; j++) {
            int sum = 0;
            for (int i = 0; i < 16; i++) {
                sum += a.q[from + 16 * j + i];
            }
            a.sums[from / 16 + j] = sum;
        }
        a.d[b] = 1 / iscale;
    }

    /**
     * One row of {@code cols} activations from {@code x[from]}, each replaced by the value its int8 quant stands for
     * (q·d, the f16-rounded d for Q8_0/Q8_1, f32 d for Q8_K): what a quantized dot multiplies, for kernels that multiply
     * in float (the dequantized prefill tiles) yet should see ggml's activation rounding.
     */
    static void roundThroughQ8(ActivationFormat format, float[] x, int from, int cols, float[] out) {
        if (format == ActivationFormat.Q8_K) {
            for (int b = 0; b < cols; b += 256) {
                float max = 0;
                float amax = 0;
                for (int j = 0; j < 256; j++) {
                    float ax = Math.abs(x[from + b + j]);
                    if (ax > amax) {
                        amax = ax;
                        max = x[from + b + j];
                    }
                }
                float iscale = amax == 0f ? 0f : -127f / max;
                float d = amax == 0f ? 0f : 1 / iscale;
                for (int j = 0; j < 256; j++) {
                    out[b + j] = Math.min(127, nearestInt(iscale * x[from + b + j])) * d;
                }
            }
            return;
        }
        for (int b = 0; b < cols; b += 32) {
            float amax = 0;
            for (int j = 0; j < 32; j++) {
                amax = Math.max(amax, Math.abs(x[from + b + j]));
            }
            float id = amax != 0f ? 127f / amax : 0f;
            float d = Float.float16ToFloat(Float.floatToFloat16(amax / 127f));
            for (int j = 0; j < 32; j++) {
                out[b + j] = (float) Math.rint(x[from + b + j] * id) * d;
            }
        }
    }

    /** ggml's nearest_int: adds 1.5·2^23 so the float addition itself rounds half to even. */
    static int nearestInt(float f) {
        int i = Float.floatToRawIntBits(f + 12582912f);
        return (i & 0x007fffff) - 0x00400000;
    }
}
