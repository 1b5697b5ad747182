package realizar.backend.simd;

import static realizar.backend.simd.Simd.F256;
import static realizar.backend.simd.Simd.I256;
import static realizar.backend.simd.Simd.S128;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import realizar.api.format.TensorType;

/**
 * F16 and BF16 weights times activations rounded to the same precision (ggml's {@code ggml_vec_dot_f16} and
 * {@code _bf16}, which convert the activations first): both sides are widened exactly to float32 and multiplied with
 * fused multiply-adds. Eight elements per 256-bit vector.
 */
final class VectorHalfKernels {
    private static final float TWO_POW_112 = 0x1p112f;

    private VectorHalfKernels() {
    }

    static MatmulKernel f16() {
        return new RowDotKernel(ActivationFormat.F16, TensorType.F16) {
            @Override
            float dot(MemorySegment w, long row, Activations a, int t, int cols) {
                return halfDot(w, row, a.rounded, t * cols, cols, false);
            }

            @Override
            boolean pairs() {
                return true;
            }

            @Override
            void dot2(MemorySegment w, long row, Activations a, int t0, int cols, float[] y, int rows, int r) {
                halfDot2(w, row, a.rounded, t0 * cols, cols, false, y, t0 * rows + r, rows);
            }

            @Override
            boolean tiles() {
                return true;
            }

            @Override
            void dot4x4(MemorySegment w, long rowBytes, int r0, Activations a, int t0, int cols, float[] y, int rows) {
                for (int r = r0; r < r0 + 4; r++) {
                    halfDot4(w, r * rowBytes, a.rounded, t0 * cols, cols, false, y, t0 * rows + r, rows);
                }
            }
        };
    }

    static MatmulKernel bf16() {
        return new RowDotKernel(ActivationFormat.BF16, TensorType.BF16) {
            @Override
            float dot(MemorySegment w, long row, Activations a, int t, int cols) {
                return halfDot(w, row, a.rounded, t * cols, cols, true);
            }

            @Override
            boolean pairs() {
                return true;
            }

            @Override
            void dot2(MemorySegment w, long row, Activations a, int t0, int cols, float[] y, int rows, int r) {
                halfDot2(w, row, a.rounded, t0 * cols, cols, true, y, t0 * rows + r, rows);
            }

            @Override
            boolean tiles() {
                return true;
            }

            @Override
            void dot4x4(MemorySegment w, long rowBytes, int r0, Activations a, int t0, int cols, float[] y, int rows) {
                for (int r = r0; r < r0 + 4; r++) {
                    halfDot4(w, r * rowBytes, a.rounded, t0 * cols, cols, true, y, t0 * rows + r, rows);
                }
            }
        };
    }

    private static float halfDot(MemorySegment w, long row, float[] x, int xOff, int cols, boolean brain) {
        FloatVector acc0 = FloatVector.zero(F256);
        FloatVector acc1 = FloatVector.zero(F256);
        int i = 0;
        for (; i + 16 <= cols; i += 16) {
            acc0 = widen(w, row + 2L * i, brain).fma(FloatVector.fromArray(F256, x, xOff + i), acc0);
            acc1 = widen(w, row + 2L * i + 16, brain).fma(FloatVector.fromArray(F256, x, xOff + i + 8), acc1);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < cols; i++) {
            float wi = brain ? Float.intBitsToFloat(w.get(Layouts.I16, row + 2L * i) << 16) : Layouts.f16(w, row + 2L * i);
            sum += wi * x[xOff + i];
        }
        return sum;
    }

    /** {@link #halfDot} for activation rows at {@code xOff} and {@code xOff + cols}, into y[yOff] and y[yOff + rows]. */
    private static void halfDot2(MemorySegment w, long row, float[] x, int xOff, int cols, boolean brain, float[] y, int yOff, int rows) {
        FloatVector acc0 = FloatVector.zero(F256);
        FloatVector acc1 = FloatVector.zero(F256);
        int i = 0;
        for (; i + 8 <= cols; i += 8) {
            FloatVector wv = widen(w, row + 2L * i, brain);
            acc0 = wv.fma(FloatVector.fromArray(F256, x, xOff + i), acc0);
            acc1 = wv.fma(FloatVector.fromArray(F256, x, xOff + cols + i), acc1);
        }
        float sum0 = acc0.reduceLanes(VectorOperators.ADD);
        float sum1 = acc1.reduceLanes(VectorOperators.ADD);
        for (; i < cols; i++) {
            float wi = brain ? Float.intBitsToFloat(w.get(Layouts.I16, row + 2L * i) << 16) : Layouts.f16(w, row + 2L * i);
            sum0 += wi * x[xOff + i];
            sum1 += wi * x[xOff + cols + i];
        }
        y[yOff] = sum0;
        y[yOff + rows] = sum1;
    }

    /**
     * {@link #halfDot} for the four activation rows from {@code xOff}, into y[yOff + k·rows]: each widened weight
     * vector (the costly part for IEEE halves) serves four FMAs.
     */
    private static void halfDot4(MemorySegment w, long row, float[] x, int xOff, int cols, boolean brain, float[] y, int yOff, int rows) {
        FloatVector acc0 = FloatVector.zero(F256);
        FloatVector acc1 = FloatVector.zero(F256);
        FloatVector acc2 = FloatVector.zero(F256);
        FloatVector acc3 = FloatVector.zero(F256);
        int i = 0;
        for (; i + 8 <= cols; i += 8) {
            FloatVector wv = widen(w, row + 2L * i, brain);
            acc0 = wv.fma(FloatVector.fromArray(F256, x, xOff + i), acc0);
            acc1 = wv.fma(FloatVector.fromArray(F256, x, xOff + cols + i), acc1);
            acc2 = wv.fma(FloatVector.fromArray(F256, x, xOff + 2 * cols + i), acc2);
            acc3 = wv.fma(FloatVector.fromArray(F256, x, xOff + 3 * cols + i), acc3);
        }
        float sum0 = acc0.reduceLanes(VectorOperators.ADD);
        float sum1 = acc1.reduceLanes(VectorOperators.ADD);
        float sum2 = acc2.reduceLanes(VectorOperators.ADD);
        float sum3 = acc3.reduceLanes(VectorOperators.ADD);
        for (; i < cols; i++) {
            float wi = brain ? Float.intBitsToFloat(w.get(Layouts.I16, row + 2L * i) << 16) : Layouts.f16(w, row + 2L * i);
            sum0 += wi * x[xOff + i];
            sum1 += wi * x[xOff + cols + i];
            sum2 += wi * x[xOff + 2 * cols + i];
            sum3 += wi * x[xOff + 3 * cols + i];
        }
        y[yOff] = sum0;
        y[yOff + rows] = sum1;
        y[yOff + 2 * rows] = sum2;
        y[yOff + 3 * rows] = sum3;
    }

    /** Eight halves (IEEE or bfloat16) at {@code off}, widened exactly to float32. */
    static FloatVector widen(MemorySegment w, long off, boolean brain) {
        IntVector h = (IntVector) ShortVector.fromMemorySegment(S128, w, off, ByteOrder.LITTLE_ENDIAN)
                .convertShape(VectorOperators.S2I, I256, 0);
        if (brain) {
            return h.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
        }
        // IEEE half: place exponent and mantissa 13 bits up and rescale by 2^112 (exact, subnormals included),
        // then restore infinities/NaNs (exponent 31) and the sign.
        IntVector magnitude = h.and(0x7fff).lanewise(VectorOperators.LSHL, 13);
        FloatVector f = magnitude.reinterpretAsFloats().mul(TWO_POW_112);
        IntVector bits = f.reinterpretAsInts()
                .blend(magnitude.or(0x7f800000), h.and(0x7c00).compare(VectorOperators.EQ, 0x7c00));
        return bits.or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
    }
}
