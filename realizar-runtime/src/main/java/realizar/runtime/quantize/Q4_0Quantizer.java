package realizar.runtime.quantize;

import realizar.api.format.TensorType;

/** {@code quantize_row_q4_0_ref}: d = the value of largest magnitude / -8, q = trunc(x/d + 8.5) clamped to 15. */
final class Q4_0Quantizer implements BlockQuantizer {
    @Override
    public TensorType type() {
        return TensorType.Q4_0;
    }

    @Override
    public void quantize(float[] x, int xOff, int count, byte[] y, int yOff) {
        for (int b = 0; b < count / 32; b++, xOff += 32, yOff += 18) {
            float amax = 0;
            float max = 0;
            for (int j = 0; j < 32; j++) {
                float v = x[xOff + j];
                if (amax < Math.abs(v)) {
                    amax = Math.abs(v);
                    max = v;
                }
            }
            float d = max / -8;
            float id = d != 0 ? 1.0f / d : 0.0f;
            LittleEndian.putHalf(y, yOff, d);
            for (int j = 0; j < 16; j++) {
                int q0 = Math.min(15, (byte) (int) Contract.mulAdd(x[xOff + j], id, 8.5f));
                int q1 = Math.min(15, (byte) (int) Contract.mulAdd(x[xOff + 16 + j], id, 8.5f));
                y[yOff + 2 + j] = (byte) (q0 | (q1 << 4));
            }
        }
    }
}
