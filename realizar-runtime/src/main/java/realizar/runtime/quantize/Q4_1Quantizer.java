package realizar.runtime.quantize;

import realizar.api.format.TensorType;

/** {@code quantize_row_q4_1_ref}: d = (max - min) / 15, m = min, q = trunc((x - min)/d + 0.5) clamped to 15. */
final class Q4_1Quantizer implements BlockQuantizer {
    @Override
    public TensorType type() {
        return TensorType.Q4_1;
    }

    @Override
    public void quantize(float[] x, int xOff, int count, byte[] y, int yOff) {
        for (int b = 0; b < count / 32; b++, xOff += 32, yOff += 20) {
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (int j = 0; j < 32; j++) {
                float v = x[xOff + j];
                if (v < min) {
                    min = v;
                }
                if (v > max) {
                    max = v;
                }
            }
            float d = (max - min) / 15;
            float id = d != 0 ? 1.0f / d : 0.0f;
            LittleEndian.putHalf(y, yOff, d);
            LittleEndian.putHalf(y, yOff + 2, min);
            for (int j = 0; j < 16; j++) {
                int q0 = Math.min(15, (byte) (int) Contract.mulAdd(x[xOff + j] - min, id, 0.5f));
                int q1 = Math.min(15, (byte) (int) Contract.mulAdd(x[xOff + 16 + j] - min, id, 0.5f));
                y[yOff + 4 + j] = (byte) (q0 | (q1 << 4));
            }
        }
    }
}
