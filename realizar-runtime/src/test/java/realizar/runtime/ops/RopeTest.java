package realizar.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** RoPE styles, partial rotation and context-extension scaling against independent double-precision formulas. */
final class RopeTest {
    private static final int HEAD_DIM = 32;
    private static final float BASE = 10000f;

    private static float[] randomRow(int heads, long seed) {
        Random r = new Random(seed);
        float[] x = new float[heads * HEAD_DIM];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    /** The rotation of pair i by angle(i), written out plainly in double. */
    private static double[] expected(float[] x, Rope.Style style, int nRot, int heads, java.util.function.IntToDoubleFunction angle,
                                     double mscale) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i];
        }
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < nRot / 2; i++) {
                int a = h * HEAD_DIM + (style == Rope.Style.NORMAL ? 2 * i : i);
                int b = style == Rope.Style.NORMAL ? a + 1 : a + nRot / 2;
                double c = Math.cos(angle.applyAsDouble(i)) * mscale;
                double s = Math.sin(angle.applyAsDouble(i)) * mscale;
                y[a] = x[a] * c - x[b] * s;
                y[b] = x[a] * s + x[b] * c;
            }
        }
        return y;
    }

    private static void assertClose(double[] expected, float[] actual, double tolerance) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, "element " + i);
        }
    }

    @Test
    void normalAndNeoxRotateTheirPairsByPosTimesBasePower() {
        for (Rope.Style style : Rope.Style.values()) {
            float[] x = randomRow(2, 1);
            double[] want = expected(x, style, HEAD_DIM, 2, i -> 37 * Math.pow(BASE, -2.0 * i / HEAD_DIM), 1);
            new Rope(style, HEAD_DIM, BASE, null).apply(x, 0, 2, HEAD_DIM, 37);
            assertClose(want, x, 2e-5);
        }
    }

    @Test
    void partialRotationLeavesTheRestOfTheHeadAlone() {
        float[] x = randomRow(3, 2);
        float[] before = x.clone();
        double[] want = expected(x, Rope.Style.NEOX, 12, 3, i -> 9 * Math.pow(BASE, -2.0 * i / 12), 1);
        new Rope(Rope.Style.NEOX, 12, BASE, null).apply(x, 0, 3, HEAD_DIM, 9);
        assertClose(want, x, 2e-5);
        for (int h = 0; h < 3; h++) {
            for (int d = 12; d < HEAD_DIM; d++) {
                assertEquals(before[h * HEAD_DIM + d], x[h * HEAD_DIM + d], 0f);
            }
        }
    }

    @Test
    void frequencyFactorsDivideTheAngles() {
        float[] factors = new float[HEAD_DIM / 2];
        for (int i = 0; i < factors.length; i++) {
            factors[i] = 1 + i * 0.5f;
        }
        float[] x = randomRow(1, 3);
        double[] want = expected(x, Rope.Style.NORMAL, HEAD_DIM, 1, i -> 21 * Math.pow(BASE, -2.0 * i / HEAD_DIM) / factors[i], 1);
        new Rope(Rope.Style.NORMAL, HEAD_DIM, BASE, factors).apply(x, 0, 1, HEAD_DIM, 21);
        assertClose(want, x, 2e-5);
    }

    @Test
    void linearScalingInterpolatesPositions() {
        float[] x = randomRow(2, 4);
        double[] want = expected(x, Rope.Style.NEOX, HEAD_DIM, 2, i -> 0.25 * 50 * Math.pow(BASE, -2.0 * i / HEAD_DIM), 1);
        new Rope(Rope.Style.NEOX, HEAD_DIM, BASE, null, new Rope.Scaling(0.25f, 0f, 1f, 32f, 1f, 4096)).apply(x, 0, 2, HEAD_DIM, 50);
        assertClose(want, x, 2e-5);
    }

    @Test
    void yarnBlendsInterpolationAndExtrapolationPerPair() {
        // YaRN (Peng et al. 2023) as ggml implements it: pair i mixes the interpolated angle s·θ and the original θ with
        // a ramp over the pairs whose wavelength lies between n_ctx_orig/β_fast and n_ctx_orig/β_slow, and scales the
        // magnitude by attn_factor·(1 + 0.1·ln(1/s)).
        float s = 0.125f;
        int ctxOrig = 256;
        float attnFactor = 0.9f;
        double low = Math.max(0, Math.floor(HEAD_DIM * Math.log(ctxOrig / (32 * 2 * Math.PI)) / (2 * Math.log(BASE))));
        double high = Math.min(HEAD_DIM - 1, Math.ceil(HEAD_DIM * Math.log(ctxOrig / (1 * 2 * Math.PI)) / (2 * Math.log(BASE))));
        int pos = 300;
        java.util.function.IntToDoubleFunction angle = i -> {
            double theta = pos * Math.pow(BASE, -2.0 * i / HEAD_DIM);
            double ramp = 1 - Math.min(1, Math.max(0, (i - low) / Math.max(0.001, high - low)));
            return s * theta * (1 - ramp) + theta * ramp;
        };
        float[] x = randomRow(2, 5);
        double[] want = expected(x, Rope.Style.NEOX, HEAD_DIM, 2, angle, attnFactor * (1 + 0.1 * Math.log(1 / s)));
        new Rope(Rope.Style.NEOX, HEAD_DIM, BASE, null, new Rope.Scaling(s, 1f, attnFactor, 32f, 1f, ctxOrig)).apply(x, 0, 2, HEAD_DIM, pos);
        assertClose(want, x, 1e-4);
    }
}
