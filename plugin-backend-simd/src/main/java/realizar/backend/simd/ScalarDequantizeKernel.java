package realizar.backend.simd;

import java.lang.foreign.MemorySegment;

/**
 * The plainest reference: decode one weight row to float32 with the bit-exact {@link Dequantizer}, then a sequential
 * float dot with the caller's unconverted activations. What "dequantize, then F32 math" computes; the quantized
 * kernels differ from it only by the activation rounding, which the tests bound.
 */
final class ScalarDequantizeKernel implements MatmulKernel {
    private final Dequantizer dequantizer;

    ScalarDequantizeKernel(Dequantizer dequantizer) {
        this.dequantizer = dequantizer;
    }

    @Override
    public ActivationFormat activationFormat() {
        return ActivationFormat.F32;
    }

    @Override
    public void multiply(MemorySegment w, int rows, int cols, Activations a, float[] y, int rowFrom, int rowTo) {
        float[] row = new float[cols];
        for (int r = rowFrom; r < rowTo; r++) {
            dequantizer.dequantize(w, (long) r * cols, row, 0, cols);
            for (int t = 0; t < a.n; t++) {
                float sum = 0;
                for (int c = 0; c < cols; c++) {
                    sum += row[c] * a.x[t * cols + c];
                }
                y[t * rows + r] = sum;
            }
        }
    }
}
