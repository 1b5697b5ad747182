package realizar.runtime.quantize;

import static realizar.runtime.quantize.KQuantSearch.clamp;
import static realizar.runtime.quantize.KQuantSearch.nearestInt;

import realizar.api.format.TensorType;

/**
 * {@code quantize_row_q4_K_ref} and {@code quantize_row_q5_K_ref}: 8 groups of 32, each fitted as scale·l − min
 * (weights av|x| + |x|), 6-bit scales and mins packed in 12 bytes under f16 d and dmin. Q4_K block: d, dmin,
 * scales[12], qs[128]; Q5_K adds qh[32] (the fifth bit) before qs.
 */
final class Q4_5_KQuantizer implements BlockQuantizer {
    private final TensorType type;
    private final int nmax;
    private final float rmin;
    private final int nstep;

    Q4_5_KQuantizer(TensorType type) {
        this.type = type;
        if (type == TensorType.Q4_K) {
            nmax = 15;
            rmin = -1.f;
            nstep = 20;
        } else if (type == TensorType.Q5_K) {
            nmax = 31;
            rmin = -0.5f;
            nstep = 15;
        } else {
            throw new IllegalArgumentException("not Q4_K or Q5_K: " + type);
        }
    }

    @Override
    public TensorType type() {
        return type;
    }

    @Override
    public void quantize(float[] x, int xOff, int count, byte[] y, int yOff) {
        byte[] levels = new byte[256];
        byte[] aux = new byte[32];
        float[] weights = new float[32];
        float[] mins = new float[8];
        float[] scales = new float[8];
        int blockBytes = type.blockBytes();
        for (int b = 0; b < count / 256; b++, xOff += 256, yOff += blockBytes) {
            float maxScale = 0;
            float maxMin = 0;
            for (int j = 0; j < 8; j++) {
                float sumX2 = 0;
                for (int l = 0; l < 32; l++) {
                    float v = x[xOff + 32 * j + l];
                    sumX2 = Contract.mulAdd(v, v, sumX2);
                }
                float avX = (float) Math.sqrt(sumX2 / 32);
                for (int l = 0; l < 32; l++) {
                    weights[l] = avX + Math.abs(x[xOff + 32 * j + l]);
                }
                scales[j] = KQuantSearch.makeQkx2Quants(32, nmax, x, xOff + 32 * j, weights, levels, 32 * j, mins, j, aux,
                        rmin, 0.1f, nstep, false);
                if (scales[j] > maxScale) {
                    maxScale = scales[j];
                }
                if (mins[j] > maxMin) {
                    maxMin = mins[j];
                }
            }
            float invScale = maxScale > 0 ? 63.f / maxScale : 0.f;
            float invMin = maxMin > 0 ? 63.f / maxMin : 0.f;
            int sc = yOff + 4;
            for (int j = 0; j < 8; j++) {
                int ls = Math.min(63, nearestInt(invScale * scales[j]) & 0xFF);
                int lm = Math.min(63, nearestInt(invMin * mins[j]) & 0xFF);
                if (j < 4) {
                    y[sc + j] = (byte) ls;
                    y[sc + j + 4] = (byte) lm;
                } else {
                    y[sc + j + 4] = (byte) ((ls & 0xF) | ((lm & 0xF) << 4));
                    y[sc + j - 4] |= (byte) ((ls >> 4) << 6);
                    y[sc + j] |= (byte) ((lm >> 4) << 6);
                }
            }
            float d = LittleEndian.putHalf(y, yOff, maxScale / 63.f);
            float dmin = LittleEndian.putHalf(y, yOff + 2, maxMin / 63.f);
            for (int j = 0; j < 8; j++) {
                int s;
                int m;
                if (j < 4) {
                    s = y[sc + j] & 63;
                    m = y[sc + j + 4] & 63;
                } else {
                    s = (y[sc + j + 4] & 0xF) | (((y[sc + j - 4] & 0xFF) >> 6) << 4);
                    m = ((y[sc + j + 4] & 0xFF) >> 4) | (((y[sc + j] & 0xFF) >> 6) << 4);
                }
                float dj = d * s;
                if (dj == 0) {
                    continue;
                }
                float dm = dmin * m;
                for (int ii = 0; ii < 32; ii++) {
                    int l = clamp(nearestInt((x[xOff + 32 * j + ii] + dm) / dj), 0, nmax);
                    levels[32 * j + ii] = (byte) l;
                }
            }
            if (type == TensorType.Q4_K) {
                int q = yOff + 16;
                for (int j = 0; j < 256; j += 64, q += 32) {
                    for (int l = 0; l < 32; l++) {
                        y[q + l] = (byte) (levels[j + l] | (levels[j + l + 32] << 4));
                    }
                }
            } else {
                int qh = yOff + 16;
                int ql = yOff + 48;
                java.util.Arrays.fill(y, qh, qh + 32, (byte) 0);
                int m1 = 1;
                int m2 = 2;
                for (int n = 0; n < 256; n += 64, ql += 32, m1 <<= 2, m2 <<= 2) {
                    for (int j = 0; j < 32; j++) {
                        int l1 = levels[n + j];
                        if (l1 > 15) {
                            l1 -= 16;
                            y[qh + j] |= (byte) m1;
                        }
                        int l2 = levels[n + j + 32];
                        if (l2 > 15) {
                            l2 -= 16;
                            y[qh + j] |= (byte) m2;
                        }
                        y[ql + j] = (byte) (l1 | (l2 << 4));
                    }
                }
            }
        }
    }
}
