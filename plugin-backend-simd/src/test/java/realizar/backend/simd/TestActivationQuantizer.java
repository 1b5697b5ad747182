package realizar.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The activation conversions follow ggml's x86 CPU backend to the bit, on hand-made cases. */
final class TestActivationQuantizer {
    @Test
    void q8_0RoundsHalfToEvenAfterMultiplyingBy127OverAmax() {
        float[] x = new float[32];
        x[0] = 127f;   // amax = 127, so id = 1 exactly and x·id = x
        x[1] = 2.5f;   // roundf would give 3; _mm256_round_ps gives 2
        x[2] = 3.5f;
        x[3] = -2.5f;
        x[4] = -0.4f;
        Activations a = new Activations();
        a.convert(ActivationFormat.Q8_1, x, 1, 32);
        assertEquals(127, a.q[0]);
        assertEquals(2, a.q[1]);
        assertEquals(4, a.q[2]);
        assertEquals(-2, a.q[3]);
        assertEquals(0, a.q[4]);
        assertEquals(Float.float16ToFloat(Float.floatToFloat16(1f)), a.d[0]);
        assertEquals(131, a.sums[0]);
        assertEquals(Float.float16ToFloat(Float.floatToFloat16(1f * 131)), a.s[0]);
    }

    @Test
    void q8_KScalesByTheSignedMaximumAndClampsTo127() {
        float[] x = new float[256];
        x[0] = -2f;   // the value of largest magnitude, negative: iscale = -127/-2 = 63.5
        x[1] = 2f;    // 127
        x[2] = 1f / 127f * 2f;
        x[17] = -1f;
        Activations a = new Activations();
        a.convert(ActivationFormat.Q8_K, x, 1, 256);
        assertEquals(-127, a.q[0]);
        assertEquals(127, a.q[1]);
        assertEquals(ActivationQuantizer.nearestInt(63.5f * x[2]), a.q[2]);
        assertEquals(-64, a.q[17]);   // -63.5 rounds half to even
        assertEquals(1 / 63.5f, a.d[0]);
        assertEquals(-127 + 127 + a.q[2], a.sums[0]);
        assertEquals(-64, a.sums[1]);
    }

    @Test
    void anAllZeroBlockQuantizesToZerosWithZeroScale() {
        Activations a = new Activations();
        a.convert(ActivationFormat.Q8_K, new float[256], 1, 256);
        assertEquals(0f, a.d[0]);
        a.convert(ActivationFormat.Q8_0, new float[32], 1, 32);
        assertEquals(0f, a.d[0]);
        assertEquals(0, a.q[5]);
    }

    @Test
    void halfPrecisionsRoundToNearestEven() {
        float justAboveHalfUlp = Float.intBitsToFloat(0x3f808001);   // bf16 1.0 + 0x8001 rounds up
        float exactlyHalfUlp = Float.intBitsToFloat(0x3f808000);     // tie: rounds to even (down to 0x3f80)
        assertEquals(Float.intBitsToFloat(0x3f810000), ActivationQuantizer.bf16Round(justAboveHalfUlp));
        assertEquals(Float.intBitsToFloat(0x3f800000), ActivationQuantizer.bf16Round(exactlyHalfUlp));
        assertEquals(Float.intBitsToFloat(0x3f820000), ActivationQuantizer.bf16Round(Float.intBitsToFloat(0x3f818000)));
        Activations a = new Activations();
        a.convert(ActivationFormat.F16, new float[] {1f + 0x1p-11f, 1f + 3 * 0x1p-11f}, 1, 2);
        assertEquals(1f, a.rounded[0]);
        assertEquals(1f + 0x1p-9f, a.rounded[1]);
    }
}
