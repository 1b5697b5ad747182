package realizar.backend.simd;

import java.lang.foreign.MemorySegment;

/**
 * The portable fallback: decode one weight row to float32, then take float dot products. Correct for any encoding
 * with a {@link Dequantizer}; the fused per-type kernels replace it where they exist.
 */
final class DequantizeThenDotKernel implements MatmulKernel {
    private final Dequantizer dequantizer;
    private final ThreadLocal<float[]> rowBuffer = new ThreadLocal<>();

    DequantizeThenDotKernel(Dequantizer dequantizer) {
        this.dequantizer = dequantizer;
    }

    @Override
    public void multiply(MemorySegment w, int rows, int cols, float[] x, float[] y, int n, int rowFrom, int rowTo) {
        float[] row = rowBuffer.get();
        if (row == null || row.length < cols) {
            row = new float[cols];
            rowBuffer.set(row);
        }
        for (int r = rowFrom; r < rowTo; r++) {
            dequantizer.dequantize(w, (long) r * cols, row, 0, cols);
            for (int t = 0; t < n; t++) {
                y[t * rows + r] = F32Kernels.dot(row, 0, x, t * cols, cols);
            }
        }
    }
}
