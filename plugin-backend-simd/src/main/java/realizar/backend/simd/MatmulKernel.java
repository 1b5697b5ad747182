package realizar.backend.simd;

import java.lang.foreign.MemorySegment;

/**
 * Multiplies rows {@code [rowFrom, rowTo)} of one weight encoding with activations already converted to
 * {@link #activationFormat()}: {@code y[t*rows + r] = Σ_c W[r][c]·x[t][c]} for every activation row {@code t < a.n}.
 * One implementation per tensor type; each reads its own block layout directly from the mapped weights. Called
 * concurrently from the worker pool on disjoint row ranges; implementations keep no mutable shared state.
 */
interface MatmulKernel {
    ActivationFormat activationFormat();

    void multiply(MemorySegment weights, int rows, int cols, Activations a, float[] y, int rowFrom, int rowTo);
}
