package realizar.runtime.quantize;

import realizar.api.format.TensorType;

/** {@code quantize_row_q5_1_ref}: d = (max - min) / 31, m = min, q = trunc((x - min)/d + 0.5) (no clamp, as ggml). */
final class Q5_1Quantizer implements BlockQuantizer {
    @Override
    public TensorType type() {
        return TensorType.Q5_1;
    }

    @Override
    public void quantize(float[] x, int xOff, int count, byte[] y, int yOff) {
        for (int b = 0; b < count / 32; b++, xOff += 32, yOff += 24) {
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
            float d = (max - min) / 31;
            float id = d != 0 ? 1.0f / d : 0.0f;
            LittleEndian.putHalf(y, yOff, d);
            LittleEndian.putHalf(y, yOff + 2, min);
            int qh = 0;
            for (int j = 0; j < 16; j++) {
                int q0 = ((int) Contract.mulAdd(x[xOff + j] - min, id, 0.5f)) & 0xFF;
                int q1 = ((int) Contract.mulAdd(x[xOff + 16 + j] - min, id, 0.5f)) & 0xFF;
                y[yOff + 8 + j] = (byte) ((q0 & 0x0F) | ((q1 & 0x0F) << 4));
                qh |= ((q0 & 0x10) >>> 4) << j;
                qh |= ((q1 & 0x10) >>> 4) << (j + 16);
            }
            putInt(y, yOff + 4, qh);
        }
    }

    static void putInt(byte[] y, int off, int v) {
        y[off] = (byte) v;
        y[off + 1] = (byte) (v >>> 8);
        y[off + 2] = (byte) (v >>> 16);
        y[off + 3] = (byte) (v >>> 24);
    }
}
