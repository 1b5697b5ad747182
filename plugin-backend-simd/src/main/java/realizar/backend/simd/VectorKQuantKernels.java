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
                    long scales0 = q3Scales(u0, u1, u2, 0);
                    long scales1 = q3Scales(u0, u1, u2, 4);
                    int offset = 0;
                    for (int sub = 0; sub < 8; sub++) {
                        offset += ((int) (scales0 >>> (8 * sub)) & 0xFF) * a.sums[x / 16 + sub]
                                + ((int) (scales1 >>> (8 * sub)) & 0xFF) * a.sums[x / 16 + 8 + sub];
                    }
                    // Σ (scale - 32)·(q - 4)·a with q the stored 0..7 and scale the stored 0..63
                    int isum = q3Block(w, b, a.q, x, scales0, scales1) - 4 * (offset - 32 * bsumTotal(a, x));
                    sum += a.d[t * blocks + i] * f16(w, b + 108) * isum;
                }
                return sum;
            }
        };
    }

    /** Σ of the activation quants of the super-block at {@code x} (from its sixteen bsums). */
    private static int bsumTotal(Activations a, int x) {
        int total = 0;
        for (int sub = 0; sub < 16; sub++) {
            total += a.sums[x / 16 + sub];
        }
        return total;
    }

    /** Σ_sub (scale_sub - 32)·Σ q·a with q the stored 0..7 (low bits | high bit·4) of a Q3_K super-block. */
    private static int q3Block(MemorySegment w, long b, short[] q, int x, long scales0, long scales1) {
        ShortVector m0 = widen16(w, b);
        ShortVector m1 = widen16(w, b + 16);
        IntVector isum = IntVector.zero(I256);
        for (int n = 0; n < 2; n++) {
            ShortVector q0 = widen16(w, b + 32 + 32 * n);
            ShortVector q1 = widen16(w, b + 48 + 32 * n);
            long scales = n == 0 ? scales0 : scales1;
            for (int j = 0; j < 4; j++) {
                int sub = 8 * n + 2 * j;
                int xs = x + 16 * sub;
                int bit = 4 * n + j;
                short sc0 = (short) (((int) (scales >>> (16 * j)) & 0xFF) - 32);
                short sc1 = (short) (((int) (scales >>> (16 * j + 8)) & 0xFF) - 32);
                ShortVector v0 = q0.lanewise(VectorOperators.LSHR, 2 * j).and((short) 3).or(bitTo(m0, bit, 2));
                ShortVector v1 = q1.lanewise(VectorOperators.LSHR, 2 * j).and((short) 3).or(bitTo(m1, bit, 2));
                isum = isum.add(pairSum(v0.mul(q16(q, xs)).mul(sc0))).add(pairSum(v1.mul(q16(q, xs + 16)).mul(sc1)));
            }
        }
        return isum.reduceLanes(VectorOperators.ADD);
    }

    /**
     * Eight of Q3_K's unsigned 6-bit scales, one per byte: scales 0..7 ({@code first} = 0) or 8..15 ({@code first} = 4), from the 12 scale bytes read as three little-endian ints: low nibbles from
     * bytes 0..7 (scales 0..7) or their high nibbles (8..15), two high bits from bytes 8..11 (ggml's kmask shuffle).
     */
    static long q3Scales(int u0, int u1, int u2, int first) {
        int low = first == 0 ? 0 : 4;
        long a = ((u0 >>> low) & 0x0f0f0f0f) | (((u2 >>> first) & 0x03030303) << 4);
        long c = ((u1 >>> low) & 0x0f0f0f0f) | (((u2 >>> (first + 2)) & 0x03030303) << 4);
        return (a & 0xFFFFFFFFL) | (c << 32);
    }


    /** Q4_K/Q5_K's eight 6-bit scales, one per byte (ggml's utmp shuffle of get_scale_min_k4). */
    static long scalesK4(int u0, int u1, int u2) {
        long high = (u2 & 0x0f0f0f0f) | (((u0 >>> 6) & 0x03030303) << 4);
        return (u0 & 0x3f3f3f3fL) | (high << 32);
    }

    /** Q4_K/Q5_K's eight 6-bit mins, one per byte. */
    static long minsK4(int u0, int u1, int u2) {
        long high = ((u2 >>> 4) & 0x0f0f0f0f) | (((u1 >>> 6) & 0x03030303) << 4);
        return (u1 & 0x3f3f3f3fL) | (high << 32);
    }
}
