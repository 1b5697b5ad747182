package realizar.backend.simd;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** float32 weights: dot products with fused multiply-adds over the preferred vector width. */
final class F32Kernels implements MatmulKernel {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    @Override
    public void multiply(MemorySegment w, int rows, int cols, float[] x, float[] y, int n, int rowFrom, int rowTo) {
        long rowBytes = (long) cols * Float.BYTES;
        for (int r = rowFrom; r < rowTo; r++) {
            long base = r * rowBytes;
            for (int t = 0; t < n; t++) {
                y[t * rows + r] = dot(w, base, x, t * cols, cols);
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
