package realizar.backend.simd;

import java.lang.foreign.MemorySegment;

/**
 * Multiplies rows {@code [rowFrom, rowTo)} of one weight encoding with activations:
 * {@code y[t*rows + r] = Σ_c W[r][c]·x[t*cols + c]}. One implementation per tensor type; each reads its own block
 * layout directly from the mapped weights.
 */
interface MatmulKernel {
    void multiply(MemorySegment weights, int rows, int cols, float[] x, float[] y, int n, int rowFrom, int rowTo);
}
