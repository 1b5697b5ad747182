package realizar.backend.simd;

import static realizar.backend.simd.Layouts.f16;
import static realizar.backend.simd.Layouts.i8;
import static realizar.backend.simd.Layouts.u8;

import java.lang.foreign.MemorySegment;

import realizar.api.format.TensorType;

/**
 * The scalar reference of every fused kernel: plain Java, one element at a time, in ggml's formulas
 * ({@code ggml_vec_dot_<type>_q8_<x>_generic}): an exact integer dot per block or sub-block of the weight quants with
 * the activation quants, then scaled in float. The Vector API kernels must agree with these up to the order of the
 * float accumulation. Also the fallback where 256-bit vectors are missing.
 */
final class ScalarQuantizedKernels {
    private ScalarQuantizedKernels() {
    }

    /** The scalar kernel for {@code type}, or null when there is none. */
    static MatmulKernel of(TensorType type) {
        return switch (type) {
            case F32 -> kernel(ActivationFormat.F32, type, ScalarQuantizedKernels::f32);
            case F16 -> kernel(ActivationFormat.F16, type, ScalarQuantizedKernels::f16Row);
            case BF16 -> kernel(ActivationFormat.BF16, type, ScalarQuantizedKernels::bf16Row);
            case Q4_0 -> kernel(ActivationFormat.Q8_0, type, ScalarQuantizedKernels::q4_0);
            case Q4_1 -> kernel(ActivationFormat.Q8_1, type, ScalarQuantizedKernels::q4_1);
            case Q5_0 -> kernel(ActivationFormat.Q8_0, type, ScalarQuantizedKernels::q5_0);
            case Q5_1 -> kernel(ActivationFormat.Q8_1, type, ScalarQuantizedKernels::q5_1);
            case Q8_0 -> kernel(ActivationFormat.Q8_0, type, ScalarQuantizedKernels::q8_0);
            case Q2_K -> kernel(ActivationFormat.Q8_K, type, ScalarQuantizedKernels::q2_K);
            case Q3_K -> kernel(ActivationFormat.Q8_K, type, ScalarQuantizedKernels::q3_K);
            case Q4_K -> kernel(ActivationFormat.Q8_K, type, ScalarQuantizedKernels::q4_K);
            case Q5_K -> kernel(ActivationFormat.Q8_K, type, ScalarQuantizedKernels::q5_K);
            case Q6_K -> kernel(ActivationFormat.Q8_K, type, ScalarQuantizedKernels::q6_K);
            default -> null;
        };
    }

    @FunctionalInterface
    interface RowDot {
        float dot(MemorySegment w, long row, Activations a, int t, int cols);
    }

    private static MatmulKernel kernel(ActivationFormat format, TensorType type, RowDot dot) {
        return new RowDotKernel(format, type) {
            @Override
            float dot(MemorySegment w, long rowOffset, Activations a, int t, int cols) {
                return dot.dot(w, rowOffset, a, t, cols);
            }
        };
    }

    static float f32(MemorySegment w, long row, Activations a, int t, int cols) {
        float sum = 0;
        for (int c = 0; c < cols; c++) {
            sum += w.get(Layouts.F32, row + 4L * c) * a.x[t * cols + c];
        }
        return sum;
    }

    static float f16Row(MemorySegment w, long row, Activations a, int t, int cols) {
        float sum = 0;
        for (int c = 0; c < cols; c++) {
            sum += f16(w, row + 2L * c) * a.rounded[t * cols + c];
        }
        return sum;
    }

    static float bf16Row(MemorySegment w, long row, Activations a, int t, int cols) {
        float sum = 0;
        for (int c = 0; c < cols; c++) {
            sum += Float.intBitsToFloat(w.get(Layouts.I16, row + 2L * c) << 16) * a.rounded[t * cols + c];
        }
        return sum;
    }

    static float q4_0(MemorySegment w, long row, Activations a, int t, int cols) {
        float sumf = 0;
        int blocks = cols / 32;
        for (int i = 0; i < blocks; i++) {
            long b = row + 18L * i;
            int x = t * cols + 32 * i;
            int sumi = 0;
            for (int j = 0; j < 16; j++) {
                int q = u8(w, b + 2 + j);
                sumi += ((q & 0xF) - 8) * a.q[x + j] + ((q >>> 4) - 8) * a.q[x + j + 16];
            }
            sumf += sumi * (f16(w, b) * a.d[t * blocks + i]);
        }
        return sumf;
    }

    static float q4_1(MemorySegment w, long row, Activations a, int t, int cols) {
        float sumf = 0;
        int blocks = cols / 32;
        for (int i = 0; i < blocks; i++) {
            long b = row + 20L * i;
            int x = t * cols + 32 * i;
            int sumi = 0;
            for (int j = 0; j < 16; j++) {
                int q = u8(w, b + 4 + j);
                sumi += (q & 0xF) * a.q[x + j] + (q >>> 4) * a.q[x + j + 16];
            }
            sumf += (f16(w, b) * a.d[t * blocks + i]) * sumi + f16(w, b + 2) * a.s[t * blocks + i];
        }
        return sumf;
    }

    static float q5_0(MemorySegment w, long row, Activations a, int t, int cols) {
        float sumf = 0;
        int blocks = cols / 32;
        for (int i = 0; i < blocks; i++) {
            long b = row + 22L * i;
            int x = t * cols + 32 * i;
            int qh = w.get(Layouts.I32, b + 2);
            int sumi = 0;
            for (int j = 0; j < 16; j++) {
                int q = u8(w, b + 6 + j);
                int lo = ((q & 0xF) | (((qh >>> j) & 1) << 4)) - 16;
                int hi = ((q >>> 4) | (((qh >>> (j + 16)) & 1) << 4)) - 16;
                sumi += lo * a.q[x + j] + hi * a.q[x + j + 16];
            }
            sumf += sumi * (f16(w, b) * a.d[t * blocks + i]);
        }
        return sumf;
    }

    static float q5_1(MemorySegment w, long row, Activations a, int t, int cols) {
        float sumf = 0;
        int blocks = cols / 32;
        for (int i = 0; i < blocks; i++) {
            long b = row + 24L * i;
            int x = t * cols + 32 * i;
            int qh = w.get(Layouts.I32, b + 4);
            int sumi = 0;
            for (int j = 0; j < 16; j++) {
                int q = u8(w, b + 8 + j);
                int lo = (q & 0xF) | (((qh >>> j) & 1) << 4);
                int hi = (q >>> 4) | (((qh >>> (j + 16)) & 1) << 4);
                sumi += lo * a.q[x + j] + hi * a.q[x + j + 16];
            }
            sumf += (f16(w, b) * a.d[t * blocks + i]) * sumi + f16(w, b + 2) * a.s[t * blocks + i];
        }
        return sumf;
    }

    static float q8_0(MemorySegment w, long row, Activations a, int t, int cols) {
        float sumf = 0;
        int blocks = cols / 32;
        for (int i = 0; i < blocks; i++) {
            long b = row + 34L * i;
            int x = t * cols + 32 * i;
            int sumi = 0;
            for (int j = 0; j < 32; j++) {
                sumi += i8(w, b + 2 + j) * a.q[x + j];
            }
            sumf += sumi * (f16(w, b) * a.d[t * blocks + i]);
        }
        return sumf;
    }

    static float q2_K(MemorySegment w, long row, Activations a, int t, int cols) {
        float sumf = 0;
        int blocks = cols / 256;
        for (int i = 0; i < blocks; i++) {
            long b = row + 84L * i;
            int x = t * cols + 256 * i;
            int isum = 0;
            int summs = 0;
            for (int sub = 0; sub < 16; sub++) {
                int sc = u8(w, b + sub);
                summs += a.sums[x / 16 + sub] * (sc >>> 4);
                int n = sub / 8;
                int j = (sub % 8) / 2;
                int h = sub % 2;
                int dot = 0;
                for (int l = 0; l < 16; l++) {
                    int q = (u8(w, b + 16 + 32 * n + 16 * h + l) >>> (2 * j)) & 3;
                    dot += q * a.q[x + 16 * sub + l];
                }
                isum += (sc & 0xF) * dot;
            }
            float da = a.d[t * blocks + i];
            sumf += da * f16(w, b + 80) * isum - da * f16(w, b + 82) * summs;
        }
        return sumf;
    }

    static float q3_K(MemorySegment w, long row, Activations a, int t, int cols) {
        float sumf = 0;
        int blocks = cols / 256;
        for (int i = 0; i < blocks; i++) {
            long b = row + 110L * i;
            int x = t * cols + 256 * i;
            int isum = 0;
            for (int sub = 0; sub < 16; sub++) {
                int n = sub / 8;
                int j = (sub % 8) / 2;
                int h = sub % 2;
                int dot = 0;
                for (int l = 16 * h; l < 16 * h + 16; l++) {
                    int lo = (u8(w, b + 32 + 32 * n + l) >>> (2 * j)) & 3;
                    int hi = (u8(w, b + l) & (1 << (4 * n + j))) != 0 ? 0 : 4;
                    dot += (lo - hi) * a.q[x + 16 * sub + (l - 16 * h)];
                }
                isum += (KQuants.q3kScale(w, b + 96, sub) - 32) * dot;
            }
            sumf += a.d[t * blocks + i] * f16(w, b + 108) * isum;
        }
        return sumf;
    }

    static float q4_K(MemorySegment w, long row, Activations a, int t, int cols) {
        return q45K(w, row, a, t, cols, false);
    }

    static float q5_K(MemorySegment w, long row, Activations a, int t, int cols) {
        return q45K(w, row, a, t, cols, true);
    }

    /** Q4_K and Q5_K share everything but the fifth bit (Q5_K: qh[32] at 16, qs at 48 instead of 16). */
    private static float q45K(MemorySegment w, long row, Activations a, int t, int cols, boolean five) {
        float sumf = 0;
        int blocks = cols / 256;
        long blockBytes = five ? 176 : 144;
        long qs = five ? 48 : 16;
        for (int i = 0; i < blocks; i++) {
            long b = row + blockBytes * i;
            int x = t * cols + 256 * i;
            int isum = 0;
            int summs = 0;
            for (int sub = 0; sub < 8; sub++) {
                int chunk = sub / 2;
                int shift = 4 * (sub % 2);
                int dot = 0;
                for (int l = 0; l < 32; l++) {
                    int q = (u8(w, b + qs + 32 * chunk + l) >>> shift) & 0xF;
                    if (five && (u8(w, b + 16 + l) & (1 << sub)) != 0) {
                        q += 16;
                    }
                    dot += q * a.q[x + 32 * sub + l];
                }
                isum += KQuants.scaleK4(w, b + 4, sub) * dot;
                summs += KQuants.minK4(w, b + 4, sub) * (a.sums[x / 16 + 2 * sub] + a.sums[x / 16 + 2 * sub + 1]);
            }
            float da = a.d[t * blocks + i];
            sumf += da * f16(w, b) * isum - da * f16(w, b + 2) * summs;
        }
        return sumf;
    }

    static float q6_K(MemorySegment w, long row, Activations a, int t, int cols) {
        float sumf = 0;
        int blocks = cols / 256;
        for (int i = 0; i < blocks; i++) {
            long b = row + 210L * i;
            int x = t * cols + 256 * i;
            int isum = 0;
            for (int sub = 0; sub < 16; sub++) {
                int n = sub / 8;
                int k = (sub % 8) / 2;
                int h = sub % 2;
                int dot = 0;
                for (int l = 16 * h; l < 16 * h + 16; l++) {
                    int ql = u8(w, b + 64 * n + (k % 2) * 32 + l);
                    int low = k < 2 ? ql & 0xF : ql >>> 4;
                    int high = (u8(w, b + 128 + 32 * n + l) >>> (2 * k)) & 3;
                    dot += ((low | (high << 4)) - 32) * a.q[x + 16 * sub + (l - 16 * h)];
                }
                isum += i8(w, b + 192 + sub) * dot;
            }
            sumf += a.d[t * blocks + i] * f16(w, b + 208) * isum;
        }
        return sumf;
    }
}
