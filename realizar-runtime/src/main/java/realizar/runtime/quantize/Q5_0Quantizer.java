package realizar.runtime.quantize;

import realizar.api.format.TensorType;

/** {@code quantize_row_q5_0_ref}: d = the value of largest magnitude / -16, q = trunc(x/d + 16.5) clamped to 31. */
final class Q5_0Quantizer implements BlockQuantizer {
    @Override
    public TensorType type() {
        return TensorType.Q5_0;
    }

    @Override
    public void quantize(float[] x, int xOff, int count, byte[] y, int yOff) {
        for (int b = 0; b < count / 32; b++, xOff += 32, yOff += 22) {
            float amax = 0;
            float max = 0;
            for (int j = 0; j < 32; j++) {
                float v = x[xOff + j];
                if (amax < Math.abs(v)) {
                    amax = Math.abs(v);
                    max = v;
                }
            }
            float d = max / -16;
            float id = d != 0 ? 1.0f / d : 0.0f;
            LittleEndian.putHalf(y, yOff, d);
            int qh = 0;
            for (int j = 0; j < 16; j++) {
                int q0 = Math.min(31, (byte) (int) Contract.mulAdd(x[xOff + j], id, 16.5f));
                int q1 = Math.min(31, (byte) (int) Contract.mulAdd(x[xOff + 16 + j], id, 16.5f));
                y[yOff + 6 + j] = (byte) ((q0 & 0x0F) | ((q1 & 0x0F) << 4));
                qh |= ((q0 & 0x10) >>> 4) << j;
                qh |= ((q1 & 0x10) >>> 4) << (j + 16);
            }
            Q5_1Quantizer.putInt(y, yOff + 2, qh);
        }
    }
}
