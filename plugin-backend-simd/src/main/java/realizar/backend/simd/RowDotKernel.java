package realizar.backend.simd;

import java.lang.foreign.MemorySegment;

/**
 * A kernel defined by one weight row · one activation row. For prefill ({@code n > 1}) it walks a tile of weight
 * rows against every activation row, two activation rows at a time ({@link #dot2}), so the tile (a few KB to tens
 * of KB) stays in L1/L2 while the activations stream past it, and each weight byte is read from memory once per call.
 */
abstract class RowDotKernel implements MatmulKernel {
    /** Weight rows per prefill tile. */
    private static final int TILE_ROWS = 4;

    private final ActivationFormat format;
    private final long blockBytes;
    private final int blockSize;

    RowDotKernel(ActivationFormat format, realizar.api.format.TensorType type) {
        this.format = format;
        this.blockBytes = type.blockBytes();
        this.blockSize = type.blockSize();
    }

    @Override
    public final ActivationFormat activationFormat() {
        return format;
    }

    /** Σ_c W[row at byte {@code rowOffset}][c] · activation row {@code t}; {@code cols} is a multiple of the block. */
    abstract float dot(MemorySegment w, long rowOffset, Activations a, int t, int cols);

    /**
     * The dots of one weight row with activation rows {@code t0} and {@code t0+1}, into {@code y[(t0+k)·rows + r]}.
     * Kernels override this to decode each weight block once for both rows (prefill); the default takes two dots.
     * Two, not four: C2 stops inlining Vector API calls past its node budget (NodeCountInliningCutoff), and a vector
     * that is not inlined gets boxed, which costs far more than the decoding saved.
     */
    void dot2(MemorySegment w, long rowOffset, Activations a, int t0, int cols, float[] y, int rows, int r) {
        y[t0 * rows + r] = dot(w, rowOffset, a, t0, cols);
        y[(t0 + 1) * rows + r] = dot(w, rowOffset, a, t0 + 1, cols);
    }

    @Override
    public final void multiply(MemorySegment w, int rows, int cols, Activations a, float[] y, int rowFrom, int rowTo) {
        long rowBytes = (long) cols / blockSize * blockBytes;
        int n = a.n;
        if (n == 1) {
            for (int r = rowFrom; r < rowTo; r++) {
                y[r] = dot(w, r * rowBytes, a, 0, cols);
            }
            return;
        }
        for (int r0 = rowFrom; r0 < rowTo; r0 += TILE_ROWS) {
            int r1 = Math.min(rowTo, r0 + TILE_ROWS);
            int t = 0;
            for (; t + 2 <= n; t += 2) {
                for (int r = r0; r < r1; r++) {
                    dot2(w, r * rowBytes, a, t, cols, y, rows, r);
                }
            }
            for (; t < n; t++) {
                for (int r = r0; r < r1; r++) {
                    y[t * rows + r] = dot(w, r * rowBytes, a, t, cols);
                }
            }
        }
    }
}
