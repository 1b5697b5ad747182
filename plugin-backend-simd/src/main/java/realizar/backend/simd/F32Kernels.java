package realizar.backend.simd;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import realizar.api.format.TensorType;

/** float32 weights: dot products with fused multiply-adds over the preferred vector width. */
final class F32Kernels extends RowDotKernel {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    F32Kernels() {
        super(ActivationFormat.F32, TensorType.F32);
    }

    @Override
    float dot(MemorySegment w, long rowOffset, Activations a, int t, int cols) {
        return dot(w, rowOffset, a.x, t * cols, cols);
    }

    @Override
    boolean tiles() {
        return true;
    }

    /**
     * Prefill: 16 accumulators, each weight vector and each activation vector loaded once per 4 products, so the
     * loop is bound by FMAs rather than loads (a row × row dot does one FMA per two loads).
     */
    @Override
    void dot4x4(MemorySegment w, long rowBytes, int r0, Activations a, int t0, int cols, float[] y, int rows) {
        float[] x = a.x;
        int width = F.length();
        int upper = F.loopBound(cols);
        long w0 = r0 * rowBytes;
        int x0 = t0 * cols;
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F), c02 = FloatVector.zero(F), c03 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F), c12 = FloatVector.zero(F), c13 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F), c22 = FloatVector.zero(F), c23 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F), c32 = FloatVector.zero(F), c33 = FloatVector.zero(F);
        int i = 0;
        for (; i < upper; i += width) {
            long wb = w0 + 4L * i;
            FloatVector v0 = FloatVector.fromMemorySegment(F, w, wb, ByteOrder.LITTLE_ENDIAN);
            FloatVector v1 = FloatVector.fromMemorySegment(F, w, wb + rowBytes, ByteOrder.LITTLE_ENDIAN);
            FloatVector v2 = FloatVector.fromMemorySegment(F, w, wb + 2 * rowBytes, ByteOrder.LITTLE_ENDIAN);
            FloatVector v3 = FloatVector.fromMemorySegment(F, w, wb + 3 * rowBytes, ByteOrder.LITTLE_ENDIAN);
            FloatVector u = FloatVector.fromArray(F, x, x0 + i);
            c00 = v0.fma(u, c00);
            c10 = v1.fma(u, c10);
            c20 = v2.fma(u, c20);
            c30 = v3.fma(u, c30);
            u = FloatVector.fromArray(F, x, x0 + cols + i);
            c01 = v0.fma(u, c01);
            c11 = v1.fma(u, c11);
            c21 = v2.fma(u, c21);
            c31 = v3.fma(u, c31);
            u = FloatVector.fromArray(F, x, x0 + 2 * cols + i);
            c02 = v0.fma(u, c02);
            c12 = v1.fma(u, c12);
            c22 = v2.fma(u, c22);
            c32 = v3.fma(u, c32);
            u = FloatVector.fromArray(F, x, x0 + 3 * cols + i);
            c03 = v0.fma(u, c03);
            c13 = v1.fma(u, c13);
            c23 = v2.fma(u, c23);
            c33 = v3.fma(u, c33);
        }
        int o = t0 * rows + r0;
        y[o] = c00.reduceLanes(VectorOperators.ADD);
        y[o + 1] = c10.reduceLanes(VectorOperators.ADD);
        y[o + 2] = c20.reduceLanes(VectorOperators.ADD);
        y[o + 3] = c30.reduceLanes(VectorOperators.ADD);
        o += rows;
        y[o] = c01.reduceLanes(VectorOperators.ADD);
        y[o + 1] = c11.reduceLanes(VectorOperators.ADD);
        y[o + 2] = c21.reduceLanes(VectorOperators.ADD);
        y[o + 3] = c31.reduceLanes(VectorOperators.ADD);
        o += rows;
        y[o] = c02.reduceLanes(VectorOperators.ADD);
        y[o + 1] = c12.reduceLanes(VectorOperators.ADD);
        y[o + 2] = c22.reduceLanes(VectorOperators.ADD);
        y[o + 3] = c32.reduceLanes(VectorOperators.ADD);
        o += rows;
        y[o] = c03.reduceLanes(VectorOperators.ADD);
        y[o + 1] = c13.reduceLanes(VectorOperators.ADD);
        y[o + 2] = c23.reduceLanes(VectorOperators.ADD);
        y[o + 3] = c33.reduceLanes(VectorOperators.ADD);
        if (i < cols) {
            for (int r = 0; r < 4; r++) {
                for (int t = 0; t < 4; t++) {
                    float tail = 0;
                    for (int k = i; k < cols; k++) {
                        tail += w.get(Layouts.F32, (r0 + r) * rowBytes + 4L * k) * x[(t0 + t) * cols + k];
                    }
                    y[(t0 + t) * rows + r0 + r] += tail;
                }
            }
        }
    }

    /** Σ w[i]·x[xOff+i] for a float32 row starting at byte {@code wOff} of {@code w}. */
    static float dot(MemorySegment w, long wOff, float[] x, int xOff, int len) {
        int width = F.length();
        int upper = F.loopBound(len);
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        int i = 0;
        for (; i + 2 * width <= upper; i += 2 * width) {
            acc0 = FloatVector.fromMemorySegment(F, w, wOff + (long) i * 4, ByteOrder.LITTLE_ENDIAN)
                    .fma(FloatVector.fromArray(F, x, xOff + i), acc0);
            acc1 = FloatVector.fromMemorySegment(F, w, wOff + (long) (i + width) * 4, ByteOrder.LITTLE_ENDIAN)
                    .fma(FloatVector.fromArray(F, x, xOff + i + width), acc1);
        }
        for (; i < upper; i += width) {
            acc0 = FloatVector.fromMemorySegment(F, w, wOff + (long) i * 4, ByteOrder.LITTLE_ENDIAN)
                    .fma(FloatVector.fromArray(F, x, xOff + i), acc0);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            sum += w.get(Layouts.F32, wOff + (long) i * 4) * x[xOff + i];
        }
        return sum;
    }

    /** Σ a[aOff+i]·b[bOff+i] over heap arrays. */
    static float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        int upper = F.loopBound(len);
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (; i < upper; i += F.length()) {
            acc = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    /** y[yOff+i] += s·x[xOff+i]. */
    static void axpy(float s, float[] x, int xOff, float[] y, int yOff, int len) {
        int upper = F.loopBound(len);
        FloatVector sv = FloatVector.broadcast(F, s);
        int i = 0;
        for (; i < upper; i += F.length()) {
            FloatVector.fromArray(F, x, xOff + i).fma(sv, FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            y[yOff + i] += s * x[xOff + i];
        }
    }
}
