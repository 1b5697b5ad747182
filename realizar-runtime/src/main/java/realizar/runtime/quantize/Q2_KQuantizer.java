package realizar.runtime.quantize;

import static realizar.runtime.quantize.KQuantSearch.clamp;
import static realizar.runtime.quantize.KQuantSearch.nearestInt;

import realizar.api.format.TensorType;

/**
 * {@code quantize_row_q2_K_ref}: 16 groups of 16, each fitted as scale·l − min with l in 0..3 (weights |x|, mean
 * absolute error); 4-bit scales and mins under f16 d and dmin. Block: scales[16], qs[64], f16 d, f16 dmin.
 */
final class Q2_KQuantizer implements BlockQuantizer {
    private static final float Q4SCALE = 15.f;

    @Override
    public TensorType type() {
        return TensorType.Q2_K;
    }

    @Override
    public void quantize(float[] x, int xOff, int count, byte[] y, int yOff) {
        byte[] levels = new byte[256];
        byte[] aux = new byte[16];
        float[] weights = new float[16];
        float[] mins = new float[16];
        float[] scales = new float[16];
        for (int b = 0; b < count / 256; b++, xOff += 256, yOff += 84) {
            float maxScale = 0;
            float maxMin = 0;
            for (int j = 0; j < 16; j++) {
                for (int l = 0; l < 16; l++) {
                    weights[l] = Math.abs(x[xOff + 16 * j + l]);
                }
                scales[j] = KQuantSearch.makeQkx2Quants(16, 3, x, xOff + 16 * j, weights, levels, 16 * j, mins, j, aux,
                        -0.5f, 0.1f, 15, true);
                if (scales[j] > maxScale) {
                    maxScale = scales[j];
                }
                if (mins[j] > maxMin) {
                    maxMin = mins[j];
                }
            }
            float d;
            if (maxScale > 0) {
                float iscale = Q4SCALE / maxScale;
                for (int j = 0; j < 16; j++) {
                    y[yOff + j] = (byte) nearestInt(iscale * scales[j]);
                }
                d = LittleEndian.putHalf(y, yOff + 80, maxScale / Q4SCALE);
            } else {
                for (int j = 0; j < 16; j++) {
                    y[yOff + j] = 0;
                }
                d = LittleEndian.putHalf(y, yOff + 80, 0.f);
            }
            float dmin;
            if (maxMin > 0) {
                float iscale = Q4SCALE / maxMin;
                for (int j = 0; j < 16; j++) {
                    y[yOff + j] |= (byte) (nearestInt(iscale * mins[j]) << 4);
                }
                dmin = LittleEndian.putHalf(y, yOff + 82, maxMin / Q4SCALE);
            } else {
                dmin = LittleEndian.putHalf(y, yOff + 82, 0.f);
            }
            for (int j = 0; j < 16; j++) {
                int sc = y[yOff + j] & 0xFF;
                float dj = d * (sc & 0xF);
                if (dj == 0) {
                    continue;
                }
                float dm = dmin * (sc >> 4);
                for (int ii = 0; ii < 16; ii++) {
                    int l = clamp(nearestInt((x[xOff + 16 * j + ii] + dm) / dj), 0, 3);
                    levels[16 * j + ii] = (byte) l;
                }
            }
            int qs = yOff + 16;
            for (int j = 0; j < 256; j += 128) {
                for (int l = 0; l < 32; l++) {
                    y[qs + j / 4 + l] = (byte) (levels[j + l] | (levels[j + l + 32] << 2) | (levels[j + l + 64] << 4)
                            | (levels[j + l + 96] << 6));
                }
            }
        }
    }
}
