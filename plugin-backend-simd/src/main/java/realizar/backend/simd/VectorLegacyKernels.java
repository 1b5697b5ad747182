package realizar.backend.simd;

import static realizar.backend.simd.Layouts.f16;
import static realizar.backend.simd.Simd.F256;
import static realizar.backend.simd.Simd.bitLanes;
import static realizar.backend.simd.Simd.pairSum;
import static realizar.backend.simd.Simd.pairSumSmall;
import static realizar.backend.simd.Simd.q16;
import static realizar.backend.simd.Simd.toFloat;
import static realizar.backend.simd.Simd.widen16;
import static realizar.backend.simd.Simd.widen16u;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import realizar.api.format.TensorType;

/**
 * Fused dot products of the 32-element encodings with Q8_0/Q8_1 activations (ggml's {@code ggml_vec_dot_q4_0_q8_0}
 * family): per block, an exact integer dot of the weight quants with the activation quants, converted to float and
 * scaled by {@code d_w·d_a}. The constant offsets (-8, -16) are subtracted lane by lane, as ggml does: folding them in
 * as 8·Σa per block instead was measured 1.27× slower (a scalar chain beside the vector loop). The int16 products stay
 * below 32767: 2·8·127 (Q4_0), 2·16·127 (Q5_0), 2·15·127 (Q4_1), 2·31·127 (Q5_1), 2·128·127 (Q8_0) per lane before
 * {@link Simd#pairSum} widens them; all but Q8_0's pairs (65024) also stay below it, so they take the cheaper
 * {@link Simd#pairSumSmall}.
 */
final class VectorLegacyKernels {
    private VectorLegacyKernels() {
    }

    static MatmulKernel q4_0() {
        return new RowDotKernel(ActivationFormat.Q8_0, TensorType.Q4_0) {
            @Override
            float dot(MemorySegment w, long row, Activations a, int t, int cols) {
                int blocks = cols / 32;
                int x = t * cols;
                int ab = t * blocks;
                FloatVector acc = FloatVector.zero(F256);
                for (int i = 0; i < blocks; i++, x += 32) {
                    long b = row + 18L * i;
                    float scale = f16(w, b) * a.d[ab + i];
                    ShortVector s = widen16u(w, b + 2);
                    ShortVector p = s.and((short) 0xF).sub((short) 8).mul(q16(a.q, x))
                            .add(s.lanewise(VectorOperators.LSHR, 4).sub((short) 8).mul(q16(a.q, x + 16)));
                    acc = toFloat(pairSumSmall(p)).fma(FloatVector.broadcast(F256, scale), acc);
                }
                return acc.reduceLanes(VectorOperators.ADD);
            }

            @Override
            boolean pairs() {
                return true;
            }

            @Override
            void dot2(MemorySegment w, long row, Activations a, int t0, int cols, float[] y, int rows, int r) {
                int blocks = cols / 32;
                FloatVector acc0 = FloatVector.zero(F256);
                FloatVector acc1 = FloatVector.zero(F256);
                int x0 = t0 * cols;
                int d0 = t0 * blocks;
                // Decoded once (-8 included) for both rows; d_w broadcast once, times each row's d_a.
                for (int i = 0; i < blocks; i++, x0 += 32, d0++) {
                    long b = row + 18L * i;
                    FloatVector dw = FloatVector.broadcast(F256, f16(w, b));
                    ShortVector s = widen16u(w, b + 2);
                    ShortVector lo = s.and((short) 0xF).sub((short) 8);
                    ShortVector hi = s.lanewise(VectorOperators.LSHR, 4).sub((short) 8);
                    acc0 = toFloat(pairSumSmall(lo.mul(q16(a.q, x0)).add(hi.mul(q16(a.q, x0 + 16)))))
                            .fma(dw.mul(a.d[d0]), acc0);
                    int x1 = x0 + cols;
                    acc1 = toFloat(pairSumSmall(lo.mul(q16(a.q, x1)).add(hi.mul(q16(a.q, x1 + 16)))))
                            .fma(dw.mul(a.d[d0 + blocks]), acc1);
                }
                y[t0 * rows + r] = acc0.reduceLanes(VectorOperators.ADD);
                y[(t0 + 1) * rows + r] = acc1.reduceLanes(VectorOperators.ADD);
            }
        };
    }


    static MatmulKernel q4_1() {
        return new RowDotKernel(ActivationFormat.Q8_1, TensorType.Q4_1) {
            @Override
            float dot(MemorySegment w, long row, Activations a, int t, int cols) {
                int blocks = cols / 32;
                int x = t * cols;
                int ab = t * blocks;
                FloatVector acc = FloatVector.zero(F256);
                float mins = 0;
                for (int i = 0; i < blocks; i++, x += 32) {
                    long b = row + 20L * i;
                    ShortVector s = widen16(w, b + 4);
                    ShortVector p = s.and((short) 0xF).mul(q16(a.q, x))
                            .add(s.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).mul(q16(a.q, x + 16)));
                    acc = toFloat(pairSumSmall(p)).fma(FloatVector.broadcast(F256, f16(w, b) * a.d[ab + i]), acc);
                    mins += f16(w, b + 2) * a.s[ab + i];
                }
                return acc.reduceLanes(VectorOperators.ADD) + mins;
            }
        };
    }

    static MatmulKernel q5_0() {
        return new RowDotKernel(ActivationFormat.Q8_0, TensorType.Q5_0) {
            @Override
            float dot(MemorySegment w, long row, Activations a, int t, int cols) {
                int blocks = cols / 32;
                int x = t * cols;
                int ab = t * blocks;
                FloatVector acc = FloatVector.zero(F256);
                for (int i = 0; i < blocks; i++, x += 32) {
                    long b = row + 22L * i;
                    float scale = f16(w, b) * a.d[ab + i];
                    int qh = w.get(Layouts.I32, b + 2);
                    ShortVector s = widen16u(w, b + 6);
                    ShortVector lo = s.and((short) 0xF).or(bitLanes(qh, (short) 16)).sub((short) 16);
                    ShortVector hi = s.lanewise(VectorOperators.LSHR, 4).or(bitLanes(qh >>> 16, (short) 16)).sub((short) 16);
                    ShortVector p = lo.mul(q16(a.q, x)).add(hi.mul(q16(a.q, x + 16)));
                    acc = toFloat(pairSumSmall(p)).fma(FloatVector.broadcast(F256, scale), acc);
                }
                return acc.reduceLanes(VectorOperators.ADD);
            }
        };
    }

    static MatmulKernel q5_1() {
        return new RowDotKernel(ActivationFormat.Q8_1, TensorType.Q5_1) {
            @Override
            float dot(MemorySegment w, long row, Activations a, int t, int cols) {
                int blocks = cols / 32;
                int x = t * cols;
                int ab = t * blocks;
                FloatVector acc = FloatVector.zero(F256);
                float mins = 0;
                for (int i = 0; i < blocks; i++, x += 32) {
                    long b = row + 24L * i;
                    int qh = w.get(Layouts.I32, b + 4);
                    ShortVector s = widen16(w, b + 8);
                    ShortVector lo = s.and((short) 0xF).or(bitLanes(qh, (short) 16));
                    ShortVector hi = s.lanewise(VectorOperators.ASHR, 4).and((short) 0xF).or(bitLanes(qh >>> 16, (short) 16));
                    ShortVector p = lo.mul(q16(a.q, x)).add(hi.mul(q16(a.q, x + 16)));
                    acc = toFloat(pairSumSmall(p)).fma(FloatVector.broadcast(F256, f16(w, b) * a.d[ab + i]), acc);
                    mins += f16(w, b + 2) * a.s[ab + i];
                }
                return acc.reduceLanes(VectorOperators.ADD) + mins;
            }
        };
    }

    static MatmulKernel q8_0() {
        return Simd.WIDE ? q8_0Wide() : q8_0Narrow();
    }

    /**
     * Q8_0 with 512-bit vectors ({@link Simd#WIDE}): a block is one 32-byte load widened to 32 int16 lanes, one product
     * per lane (|q_w·q_a| ≤ 128·127), so pairs stay within int16 (32512) and take {@link Simd#pairSumSmall}, into 16
     * int32 lanes: half the instructions of the 256-bit body, which adds two products per lane first.
     */
    static MatmulKernel q8_0Wide() {
        return new Q8Kernel() {
            @Override
            float dot(MemorySegment w, long row, Activations a, int t, int cols) {
                int blocks = cols / 32;
                int x = t * cols;
                int ab = t * blocks;
                FloatVector acc = FloatVector.zero(Simd.F512);
                for (int i = 0; i < blocks; i++, x += 32) {
                    long b = row + 34L * i;
                    ShortVector p = ((ShortVector) ByteVector.fromMemorySegment(Simd.B256, w, b + 2, ByteOrder.LITTLE_ENDIAN)
                            .convertShape(VectorOperators.B2S, Simd.S512, 0)).mul(ShortVector.fromArray(Simd.S512, a.q, x));
                    acc = Simd.toFloatWide(Simd.pairSumSmallWide(p)).fma(FloatVector.broadcast(Simd.F512, f16(w, b) * a.d[ab + i]), acc);
                }
                return acc.reduceLanes(VectorOperators.ADD);
            }
        };
    }

    static MatmulKernel q8_0Narrow() {
        return new Q8Kernel() {
            @Override
            float dot(MemorySegment w, long row, Activations a, int t, int cols) {
                int blocks = cols / 32;
                int x = t * cols;
                int ab = t * blocks;
                FloatVector acc = FloatVector.zero(F256);
                for (int i = 0; i < blocks; i++, x += 32) {
                    long b = row + 34L * i;
                    ShortVector p = widen16(w, b + 2).mul(q16(a.q, x)).add(widen16(w, b + 18).mul(q16(a.q, x + 16)));
                    acc = toFloat(pairSum(p)).fma(FloatVector.broadcast(F256, f16(w, b) * a.d[ab + i]), acc);
                }
                return acc.reduceLanes(VectorOperators.ADD);
            }
        };
    }

    /** Q8_0's two-row prefill body, shared by both widths of {@code dot}. */
    private abstract static class Q8Kernel extends RowDotKernel {
        Q8Kernel() {
            super(ActivationFormat.Q8_0, TensorType.Q8_0);
        }

            @Override
            boolean pairs() {
                return true;
            }

            @Override
            void dot2(MemorySegment w, long row, Activations a, int t0, int cols, float[] y, int rows, int r) {
                int blocks = cols / 32;
                FloatVector acc0 = FloatVector.zero(F256);
                FloatVector acc1 = FloatVector.zero(F256);
                int x0 = t0 * cols;
                int d0 = t0 * blocks;
                for (int i = 0; i < blocks; i++, x0 += 32, d0++) {
                    long b = row + 34L * i;
                    float dw = f16(w, b);
                    ShortVector lo = widen16(w, b + 2);
                    ShortVector hi = widen16(w, b + 18);
                    acc0 = toFloat(pairSum(lo.mul(q16(a.q, x0)).add(hi.mul(q16(a.q, x0 + 16)))))
                            .fma(FloatVector.broadcast(F256, dw * a.d[d0]), acc0);
                    int x1 = x0 + cols;
                    acc1 = toFloat(pairSum(lo.mul(q16(a.q, x1)).add(hi.mul(q16(a.q, x1 + 16)))))
                            .fma(FloatVector.broadcast(F256, dw * a.d[d0 + blocks]), acc1);
                }
                y[t0 * rows + r] = acc0.reduceLanes(VectorOperators.ADD);
                y[(t0 + 1) * rows + r] = acc1.reduceLanes(VectorOperators.ADD);
            }
    }
}
