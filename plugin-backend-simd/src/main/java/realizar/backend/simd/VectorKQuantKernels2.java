package realizar.backend.simd;

import static realizar.backend.simd.Layouts.f16;
import static realizar.backend.simd.Simd.bitTo;
import static realizar.backend.simd.Simd.pairSumSmall;
import static realizar.backend.simd.Simd.q16;
import static realizar.backend.simd.Simd.widen16;
import static realizar.backend.simd.VectorKQuantKernels.minsK4;
import static realizar.backend.simd.VectorKQuantKernels.scalesK4;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import realizar.api.format.TensorType;

/**
 * The K-quants with 6-bit sub-block scales (Q4_K, Q5_K, Q6_K); see {@link VectorKQuantKernels} for the scheme. A
 * super-block's vector work is one loop whose body covers 64 elements (Q4_K), one 32-element sub-block (Q5_K) or 32
 * elements (Q6_K, a method per chunk), and yields an int, so no compiled method exceeds C2's inlining node budget.
 * Sums fit an int: |Σ| ≤ 256·63·127·127 &lt; 2^31 per super-block. No two-row
 * {@link RowDotKernel#dot2}: a chunk for two activation rows already exceeds that budget (measured: boxed vectors,
 * 2× slower than two single-row passes).
 */
final class VectorKQuantKernels2 {
    private VectorKQuantKernels2() {
    }

    /** Q4_K (d @0, dmin @2, scales[12] @4, qs[128] @16). */
    static MatmulKernel q4_K() {
        return new RowDotKernel(ActivationFormat.Q8_K, TensorType.Q4_K) {
            @Override
            float dot(MemorySegment w, long row, Activations a, int t, int cols) {
                int blocks = cols / 256;
                float sum = 0;
                for (int i = 0; i < blocks; i++) {
                    long b = row + 144L * i;
                    int x = t * cols + 256 * i;
                    int u0 = w.get(Layouts.I32, b + 4);
                    int u1 = w.get(Layouts.I32, b + 8);
                    int u2 = w.get(Layouts.I32, b + 12);
                    float da = a.d[t * blocks + i];
                    // The scalar mins first: C2 inlines call sites in parse order until its node budget is spent.
                    float m = f16(w, b + 2) * minsTimesSums(minsK4(u0, u1, u2), a, x);
                    sum += da * (f16(w, b) * q4Block(w, b, a.q, x, scalesK4(u0, u1, u2)) - m);
                }
                return sum;
            }
        };
    }

    /** Q5_K (d @0, dmin @2, scales[12] @4, qh[32] @16, qs[128] @48): Q4_K's scheme, its own body for C2's budget. */
    static MatmulKernel q5_K() {
        return new RowDotKernel(ActivationFormat.Q8_K, TensorType.Q5_K) {
            @Override
            float dot(MemorySegment w, long row, Activations a, int t, int cols) {
                int blocks = cols / 256;
                float sum = 0;
                for (int i = 0; i < blocks; i++) {
                    long b = row + 176L * i;
                    int x = t * cols + 256 * i;
                    int u0 = w.get(Layouts.I32, b + 4);
                    int u1 = w.get(Layouts.I32, b + 8);
                    int u2 = w.get(Layouts.I32, b + 12);
                    float da = a.d[t * blocks + i];
                    // The scalar mins first: C2 inlines call sites in parse order until its node budget is spent.
                    float m = f16(w, b + 2) * minsTimesSums(minsK4(u0, u1, u2), a, x);
                    sum += da * (f16(w, b) * q5Block(w, b, a.q, x, scalesK4(u0, u1, u2)) - m);
                }
                return sum;
            }
        };
    }

    /** Σ_j min_j·Σa_j (Σa over sub-block j's 32 activations, {@link Activations#sums32}) of one super-block. */
    private static int minsTimesSums(long mins, Activations a, int x) {
        int[] sums = a.sums32;
        int base = x / 32;
        int total = 0;
        for (int j = 0; j < 8; j++) {
            total += ((int) (mins >>> (8 * j)) & 0xFF) * sums[base + j];
        }
        return total;
    }

    /**
     * Σ_j scale_j·Σ q·a of the Q4_K super-block at {@code b} against the activations at {@code x}: each 32 bytes of
     * qs hold sub-block 2j in the low nibbles and 2j+1 in the high ones.
     */
    private static int q4Block(MemorySegment w, long b, short[] q, int x, long scales) {
        IntVector isum = IntVector.zero(Simd.I256);
        for (int j = 0; j < 4; j++) {
            long qs = b + 16 + 32 * j;
            int xs = x + 64 * j;
            ShortVector s0 = widen16(w, qs);
            ShortVector s1 = widen16(w, qs + 16);
            ShortVector lo = s0.and((short) 0xF).mul(q16(q, xs)).add(s1.and((short) 0xF).mul(q16(q, xs + 16)));
            ShortVector hi = s0.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).mul(q16(q, xs + 32))
                    .add(s1.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).mul(q16(q, xs + 48)));
            isum = isum.add(pairSumSmall(lo).mul((int) (scales >>> (16 * j)) & 0xFF))
                    .add(pairSumSmall(hi).mul((int) (scales >>> (16 * j + 8)) & 0xFF));
        }
        return isum.reduceLanes(VectorOperators.ADD);
    }


    /**
     * Σ_sub scale_sub·Σ q·a of the Q5_K super-block at {@code b} against the activations at {@code x}: sub-block
     * {@code sub} is the low (even) or high (odd) nibbles of qs chunk sub/2, its fifth bit qh bit {@code sub}. One
     * sub-block per loop turn: a whole 64-element chunk in one body exceeds C2's inlining node budget.
     */
    private static int q5Block(MemorySegment w, long b, short[] q, int x, long scales) {
        IntVector isum = IntVector.zero(Simd.I256);
        for (int sub = 0; sub < 8; sub++) {
            long qs = b + 48 + 32 * (sub >>> 1);
            int shift = 4 * (sub & 1);
            int xs = x + 32 * sub;
            ShortVector s0 = widen16(w, qs).lanewise(VectorOperators.ASHR, shift).and((short) 0xF)
                    .or(bitTo(widen16(w, b + 16), sub, 4));
            ShortVector s1 = widen16(w, qs + 16).lanewise(VectorOperators.ASHR, shift).and((short) 0xF)
                    .or(bitTo(widen16(w, b + 32), sub, 4));
            isum = isum.add(pairSumSmall(s0.mul(q16(q, xs)).add(s1.mul(q16(q, xs + 16)))).mul((int) (scales >>> (8 * sub)) & 0xFF));
        }
        return isum.reduceLanes(VectorOperators.ADD);
    }


    /**
     * Q6_K (ql[128] @0, qh[64] @128, int8 scales[16] @192, d @208): the -32 is subtracted lane by lane, so
     * (q - 32)·a ≤ 32·127 = 4064 per int16 lane, widened before the int8 scale. A super-block sums in int32 lanes
     * (|lane| ≤ 8·2·4064·128 &lt; 2^31) and takes one horizontal reduction.
     */
    static MatmulKernel q6_K() {
        return new RowDotKernel(ActivationFormat.Q8_K, TensorType.Q6_K) {
            @Override
            float dot(MemorySegment w, long row, Activations a, int t, int cols) {
                int blocks = cols / 256;
                float sum = 0;
                for (int i = 0; i < blocks; i++) {
                    long b = row + 210L * i;
                    sum += a.d[t * blocks + i] * f16(w, b + 208) * q6Block(w, b, a.q, t * cols + 256 * i);
                }
                return sum;
            }
        };
    }

    /**
     * Σ_sub scale_sub·Σ (q - 32)·a of the Q6_K super-block at {@code b}. Chunk c (half n = c/4, quant k = c%4) holds
     * elements 128n + 32k … +31, sub-blocks 8n + 2k and 8n + 2k + 1; the loop body is parsed once, within C2's budget.
     */
    private static int q6Block(MemorySegment w, long b, short[] q, int x) {
        IntVector isum = IntVector.zero(Simd.I256);
        for (int c = 0; c < 8; c++) {
            int n = c >>> 2;
            int k = c & 3;
            long ql = b + 64 * n + 32 * (k & 1);
            int shift = (k & 2) << 1;
            long qh = b + 128 + 32 * n;
            int xs = x + 32 * c;
            ShortVector v0 = widen16(w, ql).lanewise(VectorOperators.ASHR, shift).and((short) 0xF)
                    .or(highPair(widen16(w, qh), k)).sub((short) 32);
            ShortVector v1 = widen16(w, ql + 16).lanewise(VectorOperators.ASHR, shift).and((short) 0xF)
                    .or(highPair(widen16(w, qh + 16), k)).sub((short) 32);
            // Both int8 scales of the chunk in one read: one memory access fewer for C2's node budget.
            int sc = w.get(Layouts.I16, b + 192 + 8 * n + 2 * k);
            isum = isum.add(pairSumSmall(v0.mul(q16(q, xs))).mul((byte) sc))
                    .add(pairSumSmall(v1.mul(q16(q, xs + 16))).mul(sc >> 8));
        }
        return isum.reduceLanes(VectorOperators.ADD);
    }

    /** Bits 2k, 2k+1 of each lane moved to bits 4, 5 (Q6_K's high two bits of quant k), without a branch. */
    private static ShortVector highPair(ShortVector h, int k) {
        return h.lanewise(VectorOperators.LSHR, 2 * k).and((short) 3).lanewise(VectorOperators.LSHL, 4);
    }
}
