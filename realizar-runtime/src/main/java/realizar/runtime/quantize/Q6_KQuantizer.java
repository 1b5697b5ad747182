package realizar.runtime.quantize;

import static realizar.runtime.quantize.KQuantSearch.GROUP_MAX_EPS;
import static realizar.runtime.quantize.KQuantSearch.clamp;
import static realizar.runtime.quantize.KQuantSearch.nearestInt;

import realizar.api.format.TensorType;

/**
 * {@code quantize_row_q6_K_ref}: 16 groups of 16 with signed 8-bit scales, 6-bit levels. Block: ql[128], qh[64],
 * scales[16], f16 d.
 */
final class Q6_KQuantizer implements BlockQuantizer {
    @Override
    public TensorType type() {
        return TensorType.Q6_K;
    }

    @Override
    public void quantize(float[] x, int xOff, int count, byte[] y, int yOff) {
        byte[] levels = new byte[256];
        float[] scales = new float[16];
        for (int b = 0; b < count / 256; b++, xOff += 256, yOff += 210) {
            float maxScale = 0;
            float maxAbsScale = 0;
            for (int ib = 0; ib < 16; ib++) {
                float scale = KQuantSearch.makeQxQuants(16, 32, x, xOff + 16 * ib, levels, 16 * ib);
                scales[ib] = scale;
                if (Math.abs(scale) > maxAbsScale) {
                    maxAbsScale = Math.abs(scale);
                    maxScale = scale;
                }
            }
            if (maxAbsScale < GROUP_MAX_EPS) {
                java.util.Arrays.fill(y, yOff, yOff + 210, (byte) 0);
                continue;
            }
            float iscale = -128.f / maxScale;
            float d = LittleEndian.putHalf(y, yOff + 208, 1 / iscale);
            for (int ib = 0; ib < 16; ib++) {
                y[yOff + 192 + ib] = (byte) Math.min(127, nearestInt(iscale * scales[ib]));
            }
            for (int j = 0; j < 16; j++) {
                float dj = d * y[yOff + 192 + j];
                if (dj == 0) {
                    continue;
                }
                for (int ii = 0; ii < 16; ii++) {
                    int l = clamp(nearestInt(x[xOff + 16 * j + ii] / dj), -32, 31);
                    levels[16 * j + ii] = (byte) (l + 32);
                }
            }
            int ql = yOff;
            int qh = yOff + 128;
            for (int j = 0; j < 256; j += 128, ql += 64, qh += 32) {
                for (int l = 0; l < 32; l++) {
                    int q1 = levels[j + l] & 0xF;
                    int q2 = levels[j + l + 32] & 0xF;
                    int q3 = levels[j + l + 64] & 0xF;
                    int q4 = levels[j + l + 96] & 0xF;
                    y[ql + l] = (byte) (q1 | (q3 << 4));
                    y[ql + l + 32] = (byte) (q2 | (q4 << 4));
                    y[qh + l] = (byte) ((levels[j + l] >> 4) | ((levels[j + l + 32] >> 4) << 2)
                            | ((levels[j + l + 64] >> 4) << 4) | ((levels[j + l + 96] >> 4) << 6));
                }
            }
        }
    }
}
