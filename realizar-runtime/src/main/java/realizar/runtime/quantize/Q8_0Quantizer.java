package realizar.runtime.quantize;

import realizar.api.format.TensorType;

/** {@code quantize_row_q8_0_ref}: d = max|x| / 127, q = roundf(x/d) (half away from zero). */
final class Q8_0Quantizer implements BlockQuantizer {
    @Override
    public TensorType type() {
        return TensorType.Q8_0;
    }

    @Override
    public void quantize(float[] x, int xOff, int count, byte[] y, int yOff) {
        for (int b = 0; b < count / 32; b++, xOff += 32, yOff += 34) {
            float amax = 0;
            for (int j = 0; j < 32; j++) {
                amax = Math.max(amax, Math.abs(x[xOff + j]));
            }
            float d = amax / 127;
            float id = d != 0 ? 1.0f / d : 0.0f;
            LittleEndian.putHalf(y, yOff, d);
            for (int j = 0; j < 32; j++) {
                y[yOff + 2 + j] = (byte) roundHalfAway(x[xOff + j] * id);
            }
        }
    }

    /**
     * C's {@code roundf}: ties away from zero, exactly. Adding ±0.5 in double is exact for any float of this range, so
     * truncating the sum rounds correctly even for 0.49999997f (which a float addition would round up to 1).
     */
    static int roundHalfAway(float v) {
        return (int) (v + Math.copySign(0.5, v));
    }
}
