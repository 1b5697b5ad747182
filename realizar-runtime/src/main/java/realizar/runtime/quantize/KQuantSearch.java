package realizar.runtime.quantize;

import static realizar.runtime.quantize.Contract.mulAdd;
import static realizar.runtime.quantize.Contract.mulSub;

/**
 * The scale searches ggml's K-quant reference quantizers use ({@code make_qx_quants}, {@code make_q3_quants},
 * {@code make_qkx2_quants} in ggml-quants.c), with the same float32 operations in the same order so that the chosen
 * levels, and so the bytes, come out the same.
 */
final class KQuantSearch {
    /** GROUP_MAX_EPS: a group whose largest magnitude is below this is all zero. */
    static final float GROUP_MAX_EPS = 1e-15f;

    private KQuantSearch() {
    }

    /** ggml's {@code nearest_int}: round half to even through the 1.5 * 2^23 trick (valid for |v| < 2^22). */
    static int nearestInt(float v) {
        float shifted = v + 12582912.f;
        return (Float.floatToRawIntBits(shifted) & 0x007fffff) - 0x00400000;
    }

    /**
     * {@code make_qx_quants} with {@code rmse_type} 1 and no importance weights (w = x²): levels in [0, 2 nmax) written
     * to {@code levels[lOff..]}, scale returned. Used by Q6_K.
     */
    static float makeQxQuants(int n, int nmax, float[] x, int xOff, byte[] levels, int lOff) {
        float max = 0;
        float amax = 0;
        for (int i = 0; i < n; i++) {
            float ax = Math.abs(x[xOff + i]);
            if (ax > amax) {
                amax = ax;
                max = x[xOff + i];
            }
        }
        if (amax < GROUP_MAX_EPS) {
            for (int i = 0; i < n; i++) {
                levels[lOff + i] = 0;
            }
            return 0f;
        }
        float iscale = -nmax / max;
        float sumlx = 0;
        float suml2 = 0;
        for (int i = 0; i < n; i++) {
            float xi = x[xOff + i];
            int l = clamp(nearestInt(iscale * xi), -nmax, nmax - 1);
            levels[lOff + i] = (byte) (l + nmax);
            float w = xi * xi;
            sumlx = mulAdd(w * xi, l, sumlx);
            suml2 = mulAdd(w * l, l, suml2);
        }
        float scale = suml2 != 0 ? sumlx / suml2 : 0.0f;
        float best = scale * sumlx;
        for (int is = -9; is <= 9; is++) {
            if (is == 0) {
                continue;
            }
            iscale = -mulAdd(0.1f, is, nmax) / max;
            sumlx = 0;
            suml2 = 0;
            for (int i = 0; i < n; i++) {
                float xi = x[xOff + i];
                int l = clamp(nearestInt(iscale * xi), -nmax, nmax - 1);
                float w = xi * xi;
                sumlx = mulAdd(w * xi, l, sumlx);
                suml2 = mulAdd(w * l, l, suml2);
            }
            if (suml2 > 0 && sumlx * sumlx > best * suml2) {
                for (int i = 0; i < n; i++) {
                    int l = nearestInt(iscale * x[xOff + i]);
                    levels[lOff + i] = (byte) (nmax + clamp(l, -nmax, nmax - 1));
                }
                scale = sumlx / suml2;
                best = scale * sumlx;
            }
        }
        return scale;
    }

    /** {@code make_q3_quants} with {@code do_rmse}: levels in [0, 2 nmax), scale returned. Used by Q3_K. */
    static float makeQ3Quants(int n, int nmax, float[] x, int xOff, byte[] levels, int lOff) {
        float max = 0;
        float amax = 0;
        for (int i = 0; i < n; i++) {
            float ax = Math.abs(x[xOff + i]);
            if (ax > amax) {
                amax = ax;
                max = x[xOff + i];
            }
        }
        if (amax < GROUP_MAX_EPS) {
            for (int i = 0; i < n; i++) {
                levels[lOff + i] = 0;
            }
            return 0f;
        }
        float iscale = -nmax / max;
        float sumlx = 0;
        float suml2 = 0;
        for (int i = 0; i < n; i++) {
            float xi = x[xOff + i];
            int l = clamp(nearestInt(iscale * xi), -nmax, nmax - 1);
            levels[lOff + i] = (byte) l;
            float w = xi * xi;
            sumlx = mulAdd(w * xi, l, sumlx);
            suml2 = mulAdd(w * l, l, suml2);
        }
        for (int itry = 0; itry < 5; itry++) {
            int changed = 0;
            for (int i = 0; i < n; i++) {
                float xi = x[xOff + i];
                float w = xi * xi;
                int li = levels[lOff + i];
                float slx = mulSub(sumlx, w * xi, li);
                if (slx > 0) {
                    float sl2 = mulSub(suml2, w * li, li);
                    int newL = clamp(nearestInt(xi * sl2 / slx), -nmax, nmax - 1);
                    if (newL != li) {
                        slx = mulAdd(w * xi, newL, slx);
                        sl2 = mulAdd(w * newL, newL, sl2);
                        if (sl2 > 0 && slx * slx * suml2 > sumlx * sumlx * sl2) {
                            levels[lOff + i] = (byte) newL;
                            sumlx = slx;
                            suml2 = sl2;
                            changed++;
                        }
                    }
                }
            }
            if (changed == 0) {
                break;
            }
        }
        for (int i = 0; i < n; i++) {
            levels[lOff + i] += (byte) nmax;
        }
        return suml2 > 0.0f ? sumlx / suml2 : 0.0f;
    }

    /**
     * {@code make_qkx2_quants}: an asymmetric fit x ≈ scale·l − min with l in [0, nmax], searched over
     * {@code nstep + 1} candidate scales; writes levels, stores the (positive) min in {@code minOut[minIndex]} and
     * returns the scale. Used by Q2_K, Q4_K and Q5_K.
     */
    static float makeQkx2Quants(int n, int nmax, float[] x, int xOff, float[] weights, byte[] levels, int lOff,
                                float[] minOut, int minIndex, byte[] aux, float rmin, float rdelta, int nstep,
                                boolean useMad) {
        float min = x[xOff];
        float max = x[xOff];
        float sumW = weights[0];
        float sumX = sumW * x[xOff];
        for (int i = 1; i < n; i++) {
            float xi = x[xOff + i];
            if (xi < min) {
                min = xi;
            }
            if (xi > max) {
                max = xi;
            }
            float w = weights[i];
            sumW += w;
            sumX = mulAdd(w, xi, sumX);
        }
        if (min > 0) {
            min = 0;
        }
        if (max == min) {
            for (int i = 0; i < n; i++) {
                levels[lOff + i] = 0;
            }
            minOut[minIndex] = -min;
            return 0.f;
        }
        float iscale = nmax / (max - min);
        float scale = 1 / iscale;
        float bestError = 0;
        for (int i = 0; i < n; i++) {
            int l = clamp(nearestInt(iscale * (x[xOff + i] - min)), 0, nmax);
            levels[lOff + i] = (byte) l;
            float diff = mulAdd(scale, l, min) - x[xOff + i];
            diff = useMad ? Math.abs(diff) : diff * diff;
            bestError = mulAdd(weights[i], diff, bestError);
        }
        if (nstep < 1) {
            minOut[minIndex] = -min;
            return scale;
        }
        for (int is = 0; is <= nstep; is++) {
            iscale = (mulAdd(rdelta, is, rmin) + nmax) / (max - min);
            float sumL = 0;
            float sumL2 = 0;
            float sumXL = 0;
            for (int i = 0; i < n; i++) {
                int l = clamp(nearestInt(iscale * (x[xOff + i] - min)), 0, nmax);
                aux[i] = (byte) l;
                float w = weights[i];
                sumL = mulAdd(w, l, sumL);
                sumL2 = mulAdd(w * l, l, sumL2);
                sumXL = mulAdd(w * l, x[xOff + i], sumXL);
            }
            float det = mulSub(sumW * sumL2, sumL, sumL);
            if (det > 0) {
                float thisScale = mulSub(sumW * sumXL, sumX, sumL) / det;
                float thisMin = mulSub(sumL2 * sumX, sumL, sumXL) / det;
                if (thisMin > 0) {
                    thisMin = 0;
                    thisScale = sumXL / sumL2;
                }
                float curError = 0;
                for (int i = 0; i < n; i++) {
                    float diff = mulAdd(thisScale, aux[i], thisMin) - x[xOff + i];
                    diff = useMad ? Math.abs(diff) : diff * diff;
                    curError = mulAdd(weights[i], diff, curError);
                }
                if (curError < bestError) {
                    System.arraycopy(aux, 0, levels, lOff, n);
                    bestError = curError;
                    scale = thisScale;
                    min = thisMin;
                }
            }
        }
        minOut[minIndex] = -min;
        return scale;
    }

    static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
