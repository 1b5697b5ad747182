package realizar.runtime.quantize;

import static realizar.runtime.quantize.KQuantSearch.clamp;
import static realizar.runtime.quantize.KQuantSearch.nearestInt;

import java.util.Arrays;

import realizar.api.format.TensorType;

/**
 * {@code quantize_row_q3_K_ref}: 16 groups of 16, 6-bit signed scales, 3-bit levels (2 low bits in qs, the high bit
 * in hmask). Block: hmask[32], qs[64], scales[12], f16 d.
 */
final class Q3_KQuantizer implements BlockQuantizer {
    @Override
    public TensorType type() {
        return TensorType.Q3_K;
    }

    @Override
    public void quantize(float[] x, int xOff, int count, byte[] y, int yOff) {
        byte[] levels = new byte[256];
        float[] scales = new float[16];
        for (int b = 0; b < count / 256; b++, xOff += 256, yOff += 110) {
            float maxScale = 0;
            float amax = 0;
            for (int j = 0; j < 16; j++) {
                scales[j] = KQuantSearch.makeQ3Quants(16, 4, x, xOff + 16 * j, levels, 16 * j);
                float scale = Math.abs(scales[j]);
                if (scale > amax) {
                    amax = scale;
                    maxScale = scales[j];
                }
            }
            int sc = yOff + 96;
            Arrays.fill(y, sc, sc + 12, (byte) 0);
            float d;
            if (maxScale != 0) {
                float iscale = -32.f / maxScale;
                for (int j = 0; j < 16; j++) {
                    int l = clamp((byte) nearestInt(iscale * scales[j]), -32, 31) + 32;
                    if (j < 8) {
                        y[sc + j] = (byte) (l & 0xF);
                    } else {
                        y[sc + j - 8] |= (byte) ((l & 0xF) << 4);
                    }
                    l >>= 4;
                    y[sc + j % 4 + 8] |= (byte) (l << (2 * (j / 4)));
                }
                d = LittleEndian.putHalf(y, yOff + 108, 1 / iscale);
            } else {
                d = LittleEndian.putHalf(y, yOff + 108, 0.f);
            }
            for (int j = 0; j < 16; j++) {
                int s = j < 8 ? y[sc + j] & 0xF : (y[sc + j - 8] & 0xFF) >> 4;
                s = (s | (((y[sc + 8 + j % 4] & 0xFF) >> (2 * (j / 4))) & 3) << 4) - 32;
                float dj = d * s;
                if (dj == 0) {
                    continue;
                }
                for (int ii = 0; ii < 16; ii++) {
                    int l = clamp(nearestInt(x[xOff + 16 * j + ii] / dj), -4, 3);
                    levels[16 * j + ii] = (byte) (l + 4);
                }
            }
            Arrays.fill(y, yOff, yOff + 32, (byte) 0);
            int m = 0;
            int hm = 1;
            for (int j = 0; j < 256; j++) {
                if (levels[j] > 3) {
                    y[yOff + m] |= (byte) hm;
                    levels[j] -= 4;
                }
                if (++m == 32) {
                    m = 0;
                    hm <<= 1;
                }
            }
            int qs = yOff + 32;
            for (int j = 0; j < 256; j += 128) {
                for (int l = 0; l < 32; l++) {
                    y[qs + j / 4 + l] = (byte) (levels[j + l] | (levels[j + l + 32] << 2) | (levels[j + l + 64] << 4)
                            | (levels[j + l + 96] << 6));
                }
            }
        }
    }
}
