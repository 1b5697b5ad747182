package realizar.runtime.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The two GELUs against their definitions. */
final class TestGelu {
    @Test
    void erfGeluIsWithinTheRationalApproximationErrorPlusFloatRounding() {
        double worst = 0;
        for (double x = -12; x <= 12; x += 1e-3) {
            float[] v = {(float) x};
            Gelu.apply(v, 1, true);
            double exact = 0.5 * v0(x) * (1 + Gelu.erf(v0(x) / Math.sqrt(2)));
            // erf's error: the rational approximation's 3.5e-7 plus the reference's own (erfcc, 1.2e-7 relative to
            // erfc ≤ 2), scaled by 0.5·|x|; then float rounding of the result and its intermediates.
            double allowed = 0.5 * Math.abs(x) * (3.5e-7 + 2.4e-7) + 4 * Math.ulp((float) Math.abs(exact)) + 1e-9;
            worst = Math.max(worst, Math.abs(v[0] - exact) / allowed);
        }
        System.err.printf("erf GELU: worst error %.2f of the allowance%n", worst);
        assertTrue(worst <= 1, "worst error is " + worst + " of the allowance");
        // erf itself: known values (Abramowitz and Stegun table 7.1).
        assertEquals(0.5204998778, Gelu.erf(0.5), 2e-7);
        assertEquals(0.9953222650, Gelu.erf(2.0), 2e-7);
        assertEquals(-0.8427007929, Gelu.erf(-1.0), 2e-7);
    }

    private static double v0(double x) {
        return (float) x;
    }

    @Test
    void theRowFormAddsTheBiasBeforeTheActivation() {
        float[] bias = {0.25f, -1.5f, 3f};
        for (boolean erf : new boolean[] {true, false}) {
            float[] rows = {0.1f, 0.2f, -0.3f, 1f, -2f, 0.5f};
            float[] expected = new float[rows.length];
            for (int i = 0; i < rows.length; i++) {
                float[] one = {rows[i] + bias[i % 3]};
                Gelu.apply(one, 1, erf);
                expected[i] = one[0];
            }
            Gelu.apply(rows, bias, 2, 3, erf);
            for (int i = 0; i < rows.length; i++) {
                assertEquals(expected[i], rows[i], 0f, (erf ? "erf" : "table") + " value #" + i);
            }
        }
    }

    @Test
    void tanhGeluIsLlamaCppsFp16Table() {
        float[] v = {-20f, -1f, 0f, 0.5f, 3f, 10f, 25f};
        float[] expected = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            float x = v[i];
            expected[i] = x <= -10 ? 0 : x >= 10 ? x
                    : Float.float16ToFloat(Float.floatToFloat16(Gelu.tanhGelu(Float.float16ToFloat(Float.floatToFloat16(x)))));
        }
        Gelu.apply(v, v.length, false);
        for (int i = 0; i < v.length; i++) {
            assertEquals(expected[i], v[i], 0f, "input #" + i);
        }
        assertEquals(0.345714f, Gelu.tanhGelu(0.5f), 1e-6f);
    }
}
