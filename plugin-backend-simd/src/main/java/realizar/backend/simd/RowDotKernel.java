package realizar.backend.simd;

import java.lang.foreign.MemorySegment;

/**
 * A kernel defined by one weight row · one activation row. For prefill ({@code n > 1}) it walks a tile of weight
 * rows against every activation row — two at a time where the kernel decodes a block once for both ({@link #dot2})
 * — so the tile stays in L1 while the activations stream past it, and each weight byte is read from memory once per
 * call.
 */
abstract class RowDotKernel implements MatmulKernel {
    /** Weight rows per prefill tile: 4 rows of 4096 Q8_0 weights are 17 KB, leaving L1 room for activations. */
    private static final int TILE_ROWS = 4;

    private final ActivationFormat format;
    private final long blockBytes;
    private final int blockSize;

    RowDotKernel(ActivationFormat format, realizar.api.format.TensorType type) {
        this(format, type.blockSize(), type.blockBytes());
    }

    /** A kernel over a layout of the device's own ({@code blockBytes} per {@code blockSize} elements). */
    RowDotKernel(ActivationFormat format, int blockSize, long blockBytes) {
        this.format = format;
        this.blockBytes = blockBytes;
        this.blockSize = blockSize;
    }

    @Override
    public final ActivationFormat activationFormat() {
        return format;
    }

    /** Σ_c W[row at byte {@code rowOffset}][c] · activation row {@code t}; {@code cols} is a multiple of the block. */
    abstract float dot(MemorySegment w, long rowOffset, Activations a, int t, int cols);

    /** Floats in each thread's {@link #dot(MemorySegment, long, Activations, int, int, float[]) scratch}. */
    static final int SCRATCH_FLOATS = 16;

    /**
     * Each thread's staging buffer for kernels that pass values through memory (Q4_K/Q5_K stage a super-block's scales),
     * fetched once per {@link #multiply} call: a ThreadLocal lookup per row showed as 16 % of Q4_K_M decode samples.
     */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[SCRATCH_FLOATS]);

    /** This thread's scratch, for a kernel's own {@link #dot(MemorySegment, long, Activations, int, int)}. */
    static float[] scratch() {
        return SCRATCH.get();
    }

    /** {@link #dot(MemorySegment, long, Activations, int, int)} given this thread's scratch; what {@link #multiply} calls. */
    float dot(MemorySegment w, long rowOffset, Activations a, int t, int cols, float[] scratch) {
        return dot(w, rowOffset, a, t, cols);
    }

    /**
     * Whether {@link #dot2} is implemented: the kernel decodes each weight block once for two activation rows.
     */
    boolean pairs() {
        return false;
    }

    /**
     * The dots of one weight row with activation rows {@code t0} and {@code t0+1}, into {@code y[(t0+k)·rows + r]};
     * only called when {@link #pairs()}. Two rows, not four: C2 stops inlining Vector API calls past its node budget
     * (NodeCountInliningCutoff), and a vector that is not inlined gets boxed, costing far more than the decoding saved.
     */
    void dot2(MemorySegment w, long rowOffset, Activations a, int t0, int cols, float[] y, int rows, int r) {
        throw new UnsupportedOperationException("no two-row kernel");
    }

    /** Whether {@link #dot4x4} is implemented: a register tile of 4 weight rows × 4 activation rows. */
    boolean tiles() {
        return false;
    }

    /**
     * The 16 dots of weight rows {@code r0 … r0+3} (row r at byte {@code r·rowBytes}) with activation rows
     * {@code t0 … t0+3}, into {@code y[t·rows + r]}; only called when {@link #tiles()}.
     */
    void dot4x4(MemorySegment w, long rowBytes, int r0, Activations a, int t0, int cols, float[] y, int rows) {
        throw new UnsupportedOperationException("no 4x4 tile kernel");
    }

    @Override
    public final void multiply(MemorySegment w, int rows, int cols, Activations a, float[] y, int rowFrom, int rowTo) {
        long rowBytes = (long) cols / blockSize * blockBytes;
        int n = a.n;
        if (tiles() && n >= 4) {
            int r0 = rowFrom;
            for (; r0 + 4 <= rowTo; r0 += 4) {
                int t = 0;
                for (; t + 4 <= n; t += 4) {
                    dot4x4(w, rowBytes, r0, a, t, cols, y, rows);
                }
                for (; t < n; t++) {
                    for (int r = r0; r < r0 + 4; r++) {
                        y[t * rows + r] = dot(w, r * rowBytes, a, t, cols);
                    }
                }
            }
            rowFrom = r0;
        }
        boolean pairs = pairs();
        float[] scratch = SCRATCH.get();
        // One call site each for dot and dot2, so that C2 inlines one copy of each kernel body (see dot2).
        for (int r0 = rowFrom; r0 < rowTo; r0 += TILE_ROWS) {
            int r1 = Math.min(rowTo, r0 + TILE_ROWS);
            int t = 0;
            if (pairs) {
                for (; t + 2 <= n; t += 2) {
                    for (int r = r0; r < r1; r++) {
                        dot2(w, r * rowBytes, a, t, cols, y, rows, r);
                    }
                }
            }
            for (; t < n; t++) {
                for (int r = r0; r < r1; r++) {
                    y[t * rows + r] = dot(w, r * rowBytes, a, t, cols, scratch);
                }
            }
        }
    }
}
