package realizar.backend.simd;

import static realizar.backend.simd.Layouts.f16;
import static realizar.backend.simd.Layouts.i8;
import static realizar.backend.simd.Layouts.u8;

import java.lang.foreign.MemorySegment;

/**
 * Block decoders of ggml's 256-element super-block encodings (ggml-quants.c {@code dequantize_row_q2_K} …
 * {@code _q8_K}), with the same float operations in the same order, so results are bitwise equal to ggml's.
 * Block layouts (byte offsets) are in each method's comment; the helpers decode the packed sub-block scales.
 */
final class KQuants {
    static final int QK_K = 256;

    private KQuants() {
    }

    /** Q2_K: scales[16] @0 (low nibble scale, high nibble min), qs[64] @16, f16 d @80, f16 dmin @82. */
    static void q2_K(MemorySegment w, long b, float[] y, int o) {
        float d = f16(w, b + 80);
        float min = f16(w, b + 82);
        int is = 0;
        for (int n = 0; n < 2; n++) {
            long q = b + 16 + 32L * n;
            for (int j = 0; j < 4; j++) {
                int shift = 2 * j;
                for (int half = 0; half < 2; half++) {
                    int sc = u8(w, b + is++);
                    float dl = d * (sc & 0xF);
                    float ml = min * (sc >>> 4);
                    for (int l = 0; l < 16; l++) {
                        y[o++] = dl * ((u8(w, q + 16 * half + l) >>> shift) & 3) - ml;
                    }
                }
            }
        }
    }

    /** Q3_K: hmask[32] @0, qs[64] @32, scales[12] @96 (sixteen 6-bit values), f16 d @108. */
    static void q3_K(MemorySegment w, long b, float[] y, int o) {
        float dAll = f16(w, b + 108);
        int is = 0;
        for (int n = 0; n < 2; n++) {
            long q = b + 32 + 32L * n;
            for (int j = 0; j < 4; j++) {
                int shift = 2 * j;
                int m = 1 << (4 * n + j);
                for (int half = 0; half < 2; half++) {
                    float dl = dAll * (q3kScale(w, b + 96, is++) - 32);
                    for (int l = 16 * half; l < 16 * half + 16; l++) {
                        int lo = (u8(w, q + l) >>> shift) & 3;
                        int hi = (u8(w, b + l) & m) != 0 ? 0 : 4;
                        y[o++] = dl * (lo - hi);
                    }
                }
            }
        }
    }

    /** Q4_K: f16 d @0, f16 dmin @2, scales[12] @4 (eight 6-bit scales and mins), qs[128] @16. */
    static void q4_K(MemorySegment w, long b, float[] y, int o) {
        float d = f16(w, b);
        float min = f16(w, b + 2);
        for (int j = 0; j < 4; j++) {
            long q = b + 16 + 32L * j;
            float d1 = d * scaleK4(w, b + 4, 2 * j);
            float m1 = min * minK4(w, b + 4, 2 * j);
            float d2 = d * scaleK4(w, b + 4, 2 * j + 1);
            float m2 = min * minK4(w, b + 4, 2 * j + 1);
            for (int l = 0; l < 32; l++) {
                y[o + l] = d1 * (u8(w, q + l) & 0xF) - m1;
            }
            for (int l = 0; l < 32; l++) {
                y[o + 32 + l] = d2 * (u8(w, q + l) >>> 4) - m2;
            }
            o += 64;
        }
    }

    /** Q5_K: f16 d @0, f16 dmin @2, scales[12] @4, qh[32] @16, qs[128] @48. */
    static void q5_K(MemorySegment w, long b, float[] y, int o) {
        float d = f16(w, b);
        float min = f16(w, b + 2);
        for (int j = 0; j < 4; j++) {
            long ql = b + 48 + 32L * j;
            int u1 = 1 << (2 * j);
            int u2 = 2 << (2 * j);
            float d1 = d * scaleK4(w, b + 4, 2 * j);
            float m1 = min * minK4(w, b + 4, 2 * j);
            float d2 = d * scaleK4(w, b + 4, 2 * j + 1);
            float m2 = min * minK4(w, b + 4, 2 * j + 1);
            for (int l = 0; l < 32; l++) {
                int h = u8(w, b + 16 + l);
                y[o + l] = d1 * ((u8(w, ql + l) & 0xF) + ((h & u1) != 0 ? 16 : 0)) - m1;
            }
            for (int l = 0; l < 32; l++) {
                int h = u8(w, b + 16 + l);
                y[o + 32 + l] = d2 * ((u8(w, ql + l) >>> 4) + ((h & u2) != 0 ? 16 : 0)) - m2;
            }
            o += 64;
        }
    }

    /** Q6_K: ql[128] @0, qh[64] @128, int8 scales[16] @192, f16 d @208; value (d·scale)·(q - 32). */
    static void q6_K(MemorySegment w, long b, float[] y, int o) {
        float d = f16(w, b + 208);
        for (int n = 0; n < 2; n++) {
            long ql = b + 64L * n;
            long qh = b + 128 + 32L * n;
            long sc = b + 192 + 8L * n;
            for (int l = 0; l < 32; l++) {
                int is = l / 16;
                int h = u8(w, qh + l);
                int a = u8(w, ql + l);
                int c = u8(w, ql + l + 32);
                int q1 = ((a & 0xF) | ((h & 3) << 4)) - 32;
                int q2 = ((c & 0xF) | (((h >>> 2) & 3) << 4)) - 32;
                int q3 = ((a >>> 4) | (((h >>> 4) & 3) << 4)) - 32;
                int q4 = ((c >>> 4) | (((h >>> 6) & 3) << 4)) - 32;
                y[o + l] = d * i8(w, sc + is) * q1;
                y[o + l + 32] = d * i8(w, sc + is + 2) * q2;
                y[o + l + 64] = d * i8(w, sc + is + 4) * q3;
                y[o + l + 96] = d * i8(w, sc + is + 6) * q4;
            }
            o += 128;
        }
    }

    /** Q8_K: f32 d @0, int8 qs[256] @4, int16 bsums[16] @260; value d·q. */
    static void q8_K(MemorySegment w, long b, float[] y, int o) {
        float d = w.get(Layouts.F32, b);
        for (int j = 0; j < QK_K; j++) {
            y[o + j] = d * i8(w, b + 4 + j);
        }
    }

    /** The 6-bit scale of sub-block {@code j} (0..7) of Q4_K/Q5_K's 12 packed bytes (ggml's get_scale_min_k4). */
    static int scaleK4(MemorySegment w, long s, int j) {
        return j < 4 ? u8(w, s + j) & 63 : (u8(w, s + j + 4) & 0xF) | ((u8(w, s + j - 4) >>> 6) << 4);
    }

    /** The 6-bit min of sub-block {@code j} (0..7), see {@link #scaleK4}. */
    static int minK4(MemorySegment w, long s, int j) {
        return j < 4 ? u8(w, s + j + 4) & 63 : (u8(w, s + j + 4) >>> 4) | ((u8(w, s + j) >>> 6) << 4);
    }

    /** The unsigned 6-bit scale {@code j} (0..15) of Q3_K's 12 packed bytes; the signed scale is this minus 32. */
    static int q3kScale(MemorySegment w, long s, int j) {
        int low = j < 8 ? u8(w, s + j) & 0xF : u8(w, s + j - 8) >>> 4;
        int high = (u8(w, s + 8 + (j & 3)) >>> (2 * (j >>> 2))) & 3;
        return low | (high << 4);
    }
}
