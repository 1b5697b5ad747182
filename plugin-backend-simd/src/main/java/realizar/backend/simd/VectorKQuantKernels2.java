package realizar.backend.simd;

import static realizar.backend.simd.Layouts.f16;
import static realizar.backend.simd.Simd.F256;
import static realizar.backend.simd.Simd.I256;
import static realizar.backend.simd.Simd.bitTo;
import static realizar.backend.simd.Simd.pairSum;
import static realizar.backend.simd.Simd.q16;
import static realizar.backend.simd.Simd.toFloat;
import static realizar.backend.simd.Simd.widen16;
import static realizar.backend.simd.VectorKQuantKernels.minK4;
import static realizar.backend.simd.VectorKQuantKernels.scaleK4;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import realizar.api.format.TensorType;

/** The K-quants with 6-bit sub-block scales (Q4_K, Q5_K, Q6_K); see {@link VectorKQuantKernels}. */
final class VectorKQuantKernels2 {
    private VectorKQuantKernels2() {
    }

    /**
     * Q4_K (qs at 16) and Q5_K (qh at 16, qs at 48): sub-block dots of q ≤ 31 times a: 2·31·127 = 7874 per int16 lane,
     * widened before the 6-bit scale multiplies them.
     */
    static MatmulKernel q45K(boolean five) {
        TensorType type = five ? TensorType.Q5_K : TensorType.Q4_K;
        long blockBytes = type.blockBytes();
        long qs = five ? 48 : 16;
        return new RowDotKernel(ActivationFormat.Q8_K, type) {
            @Override
            float dot(MemorySegment w, long row, Activations a, int t, int cols) {
                int blocks = cols / 256;
                FloatVector acc = FloatVector.zero(F256);
                float mins = 0;
                for (int i = 0; i < blocks; i++) {
                    long b = row + blockBytes * i;
                    int x = t * cols + 256 * i;
                    int u0 = w.get(Layouts.I32, b + 4);
                    int u1 = w.get(Layouts.I32, b + 8);
                    int u2 = w.get(Layouts.I32, b + 12);
                    ShortVector h0 = five ? widen16(w, b + 16) : null;
                    ShortVector h1 = five ? widen16(w, b + 32) : null;
                    IntVector isum = IntVector.zero(I256);
                    int summs = 0;
                    for (int j = 0; j < 4; j++) {
                        int xs = x + 64 * j;
                        ShortVector s0 = widen16(w, b + qs + 32 * j);
                        ShortVector s1 = widen16(w, b + qs + 32 * j + 16);
                        ShortVector l0 = s0.and((short) 0xF);
                        ShortVector l1 = s1.and((short) 0xF);
                        ShortVector g0 = s0.lanewise(VectorOperators.ASHR, 4).and((short) 0xF);
                        ShortVector g1 = s1.lanewise(VectorOperators.ASHR, 4).and((short) 0xF);
                        if (five) {
                            l0 = l0.or(bitTo(h0, 2 * j, 4));
                            l1 = l1.or(bitTo(h1, 2 * j, 4));
                            g0 = g0.or(bitTo(h0, 2 * j + 1, 4));
                            g1 = g1.or(bitTo(h1, 2 * j + 1, 4));
                        }
                        ShortVector pl = l0.mul(q16(a.q, xs)).add(l1.mul(q16(a.q, xs + 16)));
                        ShortVector ph = g0.mul(q16(a.q, xs + 32)).add(g1.mul(q16(a.q, xs + 48)));
                        isum = isum.add(pairSum(pl).mul(scaleK4(u0, u1, u2, 2 * j)))
                                .add(pairSum(ph).mul(scaleK4(u0, u1, u2, 2 * j + 1)));
                        int bs = x / 16 + 4 * j;
                        summs += minK4(u0, u1, u2, 2 * j) * (a.sums[bs] + a.sums[bs + 1])
                                + minK4(u0, u1, u2, 2 * j + 1) * (a.sums[bs + 2] + a.sums[bs + 3]);
                    }
                    float da = a.d[t * blocks + i];
                    acc = toFloat(isum).fma(FloatVector.broadcast(F256, da * f16(w, b)), acc);
                    mins += da * f16(w, b + 2) * summs;
                }
                return acc.reduceLanes(VectorOperators.ADD) - mins;
            }
        };
    }

    /**
     * Q6_K: q + 32 in 0..63 (the -32 comes back through bsums); one 16-element sub-block per int16 vector,
     * q·a ≤ 63·127 = 8001, widened before the int8 scale multiplies it.
     */
    static MatmulKernel q6_K() {
        return new RowDotKernel(ActivationFormat.Q8_K, TensorType.Q6_K) {
            @Override
            float dot(MemorySegment w, long row, Activations a, int t, int cols) {
                int blocks = cols / 256;
                FloatVector acc = FloatVector.zero(F256);
                float offsets = 0;
                for (int i = 0; i < blocks; i++) {
                    long b = row + 210L * i;
                    int x = t * cols + 256 * i;
                    IntVector isum = IntVector.zero(I256);
                    int offset = 0;
                    for (int n = 0; n < 2; n++) {
                        long ql = b + 64 * n;
                        ShortVector h0 = widen16(w, b + 128 + 32 * n);
                        ShortVector h1 = widen16(w, b + 144 + 32 * n);
                        for (int k = 0; k < 4; k++) {
                            ShortVector c0 = widen16(w, ql + 32 * (k & 1));
                            ShortVector c1 = widen16(w, ql + 32 * (k & 1) + 16);
                            if (k >= 2) {
                                c0 = c0.lanewise(VectorOperators.ASHR, 4);
                                c1 = c1.lanewise(VectorOperators.ASHR, 4);
                            }
                            ShortVector v0 = c0.and((short) 0xF).or(highPair(h0, k));
                            ShortVector v1 = c1.and((short) 0xF).or(highPair(h1, k));
                            int sub = 8 * n + 2 * k;
                            int xs = x + 16 * sub;
                            int sc0 = Layouts.i8(w, b + 192 + sub);
                            int sc1 = Layouts.i8(w, b + 193 + sub);
                            isum = isum.add(pairSum(v0.mul(q16(a.q, xs))).mul(sc0)).add(pairSum(v1.mul(q16(a.q, xs + 16))).mul(sc1));
                            offset += sc0 * a.sums[x / 16 + sub] + sc1 * a.sums[x / 16 + sub + 1];
                        }
                    }
                    float scale = a.d[t * blocks + i] * f16(w, b + 208);
                    acc = toFloat(isum).fma(FloatVector.broadcast(F256, scale), acc);
                    offsets += scale * (32 * offset);
                }
                return acc.reduceLanes(VectorOperators.ADD) - offsets;
            }
        };
    }

    /** Bits 2k, 2k+1 of each lane moved to bits 4, 5 (Q6_K's high two bits of quant k). */
    private static ShortVector highPair(ShortVector h, int k) {
        ShortVector moved = 2 * k <= 4 ? h.lanewise(VectorOperators.LSHL, 4 - 2 * k) : h.lanewise(VectorOperators.LSHR, 2 * k - 4);
        return moved.and((short) 0x30);
    }
}
