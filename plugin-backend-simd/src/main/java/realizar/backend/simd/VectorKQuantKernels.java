package realizar.backend.simd;

import static realizar.backend.simd.Layouts.f16;
import static realizar.backend.simd.Simd.I256;
import static realizar.backend.simd.Simd.bitTo;
import static realizar.backend.simd.Simd.pairSum;
import static realizar.backend.simd.Simd.q16;
import static realizar.backend.simd.Simd.widen16;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import realizar.api.format.TensorType;

/**
 * Fused dot products of the K-quants with Q8_K activations (ggml's {@code ggml_vec_dot_q*_K_q8_K}): within a
 * 256-element super-block everything is integer — sub-block dots times the integer sub-block scales — and only the
 * super-block sum is scaled by {@code d_w·d_a} in float; mins and constant offsets use the activations' sums of each
 * 16 ({@code bsums}). Bounds that keep the int16 products exact are noted per kernel.
 *
 * <p>Each super-block's vector work is its own method returning an int (two packed in a long for two activation
 * rows): C2 stops inlining past a node budget (NodeCountInliningCutoff), and a Vector API call left out-of-line
 * boxes its vectors, so no vector may cross a method boundary that might not be inlined.
 */
final class VectorKQuantKernels {
    private VectorKQuantKernels() {
    }

    /**
     * Q2_K (scales[16] @0, qs[64] @16, d @80, dmin @82): q in 0..3, 4-bit scales: q·a·scale ≤ 3·127·15 = 5715 per
     * lane, so four sub-blocks add up in int16 (22860) before one widening.
     */
    static MatmulKernel q2_K() {
        return new RowDotKernel(ActivationFormat.Q8_K, TensorType.Q2_K) {
            @Override
            float dot(MemorySegment w, long row, Activations a, int t, int cols) {
                int blocks = cols / 256;
                float sum = 0;
                for (int i = 0; i < blocks; i++) {
                    long b = row + 84L * i;
                    int x = t * cols + 256 * i;
                    int isum = q2Block(w, b, a.q, x);
                    int summs = 0;
                    for (int sub = 0; sub < 16; sub++) {
                        summs += a.sums[x / 16 + sub] * (Layouts.u8(w, b + sub) >>> 4);
                    }
                    float da = a.d[t * blocks + i];
                    sum += da * f16(w, b + 80) * isum - da * f16(w, b + 82) * summs;
                }
                return sum;
            }
        };
    }

    private static int q2Block(MemorySegment w, long b, short[] q, int x) {
        IntVector isum = IntVector.zero(I256);
        for (int n = 0; n < 2; n++) {
            ShortVector q0 = widen16(w, b + 16 + 32 * n);
            ShortVector q1 = widen16(w, b + 32 + 32 * n);
            for (int half = 0; half < 2; half++) {
                ShortVector p = ShortVector.zero(Simd.S256);
                for (int jj = 0; jj < 2; jj++) {
                    int j = 2 * half + jj;
                    int sub = 8 * n + 2 * j;
                    int xs = x + 16 * sub;
                    short sc0 = (short) (Layouts.u8(w, b + sub) & 0xF);
                    short sc1 = (short) (Layouts.u8(w, b + sub + 1) & 0xF);
                    p = p.add(q0.lanewise(VectorOperators.LSHR, 2 * j).and((short) 3).mul(q16(q, xs)).mul(sc0))
                         .add(q1.lanewise(VectorOperators.LSHR, 2 * j).and((short) 3).mul(q16(q, xs + 16)).mul(sc1));
                }
                isum = isum.add(pairSum(p));
            }
        }
        return isum.reduceLanes(VectorOperators.ADD);
    }

    /**
     * Q3_K (hmask[32] @0, qs[64] @32, scales[12] @96, d @108): q + 4 in 0..7 (the -4 comes back through bsums),
     * 6-bit signed scales: |q·a·scale| ≤ 7·127·32 = 28448 per int16 lane.
     */
    static MatmulKernel q3_K() {
        return new RowDotKernel(ActivationFormat.Q8_K, TensorType.Q3_K) {
            @Override
            float dot(MemorySegment w, long row, Activations a, int t, int cols) {
                int blocks = cols / 256;
                float sum = 0;
                for (int i = 0; i < blocks; i++) {
                    long b = row + 110L * i;
                    int x = t * cols + 256 * i;
                    int u0 = w.get(Layouts.I32, b + 96);
                    int u1 = w.get(Layouts.I32, b + 100);
                    int u2 = w.get(Layouts.I32, b + 104);
                    int offset = 0;
                    for (int sub = 0; sub < 16; sub++) {
                        offset += (q3Scale(u0, u1, u2, sub) - 32) * a.sums[x / 16 + sub];
                    }
                    int isum = q3Block(w, b, a.q, x, u0, u1, u2) - 4 * offset;
                    sum += a.d[t * blocks + i] * f16(w, b + 108) * isum;
                }
                return sum;
            }
        };
    }

    private static int q3Block(MemorySegment w, long b, short[] q, int x, int u0, int u1, int u2) {
        ShortVector m0 = widen16(w, b);
        ShortVector m1 = widen16(w, b + 16);
        IntVector isum = IntVector.zero(I256);
        for (int n = 0; n < 2; n++) {
            ShortVector q0 = widen16(w, b + 32 + 32 * n);
            ShortVector q1 = widen16(w, b + 48 + 32 * n);
            for (int j = 0; j < 4; j++) {
                int sub = 8 * n + 2 * j;
                int xs = x + 16 * sub;
                int bit = 4 * n + j;
                short sc0 = (short) (q3Scale(u0, u1, u2, sub) - 32);
                short sc1 = (short) (q3Scale(u0, u1, u2, sub + 1) - 32);
                ShortVector v0 = q0.lanewise(VectorOperators.LSHR, 2 * j).and((short) 3).or(bitTo(m0, bit, 2));
                ShortVector v1 = q1.lanewise(VectorOperators.LSHR, 2 * j).and((short) 3).or(bitTo(m1, bit, 2));
                isum = isum.add(pairSum(v0.mul(q16(q, xs)).mul(sc0))).add(pairSum(v1.mul(q16(q, xs + 16)).mul(sc1)));
            }
        }
        return isum.reduceLanes(VectorOperators.ADD);
    }

    /** Q3_K's unsigned 6-bit scale {@code j} from its 12 bytes read as three little-endian ints. */
    static int q3Scale(int u0, int u1, int u2, int j) {
        int low = j < 8 ? (j < 4 ? u0 >>> (8 * j) : u1 >>> (8 * (j - 4))) & 0xF
                : (j < 12 ? u0 >>> (8 * (j - 8) + 4) : u1 >>> (8 * (j - 12) + 4)) & 0xF;
        int high = (u2 >>> (8 * (j & 3) + 2 * (j >>> 2))) & 3;
        return low | (high << 4);
    }

    /** Q4_K/Q5_K's 6-bit scale of sub-block {@code j} (0..7) from the 12 scale bytes as three ints (get_scale_min_k4). */
    static int scaleK4(int u0, int u1, int u2, int j) {
        return j < 4 ? (u0 >>> (8 * j)) & 63 : ((u2 >>> (8 * (j - 4))) & 0xF) | (((u0 >>> (8 * (j - 4) + 6)) & 3) << 4);
    }

    /** Q4_K/Q5_K's 6-bit min of sub-block {@code j}, see {@link #scaleK4}. */
    static int minK4(int u0, int u1, int u2, int j) {
        return j < 4 ? (u1 >>> (8 * j)) & 63 : ((u2 >>> (8 * (j - 4) + 4)) & 0xF) | (((u1 >>> (8 * (j - 4) + 6)) & 3) << 4);
    }
}
