package realizar.backend.simd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import realizar.api.format.Tensor;
import realizar.api.format.TensorType;

/**
 * float32 weights copied into panels of {@value #PANEL} rows for matrix-matrix products ({@code ComputeDevice
 * .batchWeights}): panel p holds, for each column k, the 32 values W[32p … 32p+31][k] side by side (rows past the end
 * are zero). The kernel is the classic GEMM micro-kernel: per column it loads the panel's four 8-float vectors once,
 * broadcasts one activation value of each of four tokens, and does 16 fused multiply-adds into 16 accumulators that
 * stay in registers for the whole row length. No horizontal reductions: the row-dot tile ({@link F32Kernels#dot4x4})
 * ends every 4 × 4 tile with 16 of them, which on rows of 384 (MiniLM) cost about as much as its multiply-adds.
 *
 * <p>Measured (single thread, in cache, best of 200–5000 calls, AMD EPYC Zen 4, load average ~9 from other work):
 * 4 × 384 · 384 × 1536 and 276 × 1536 · 1536 × 384 at 111–115 GFLOP/s, where a register-only FMA loop peaks at
 * 117.5; the 4 × 4 row-dot tile ran MiniLM at about 26 (4 tokens) to 45 (277 tokens) GFLOP/s.
 *
 * <p>Each output is one lane's sequential sum over k (fused multiply-adds in column order), so results do not depend
 * on the thread count or the tile a token falls into.
 */
final class F32Panels implements MatmulKernel {
    /** Rows per panel: four 256-bit vectors, so 4 tokens × 4 vectors = 16 accumulators of AVX-512's 32 registers. */
    static final int PANEL = 32;
    /** Tokens per register tile. */
    private static final int TOKENS = 4;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    static final F32Panels KERNEL = new F32Panels();
    /** Per thread: one tile of a panel that the thread's row range only partly covers. */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[TOKENS * PANEL]);

    private F32Panels() {
    }

    /** Whether {@code tensor} can be served from panels: a float32 matrix, on a CPU with 256-bit vectors. */
    static boolean supports(Tensor tensor) {
        return tensor.type() == TensorType.F32 && Simd.available()
                && (tensor.info().rank() <= 2 || tensor.info().dim(2) == 1);
    }

    /** Bytes of the panel copy of a {@code rows × cols} matrix. */
    static long bytes(long rows, long cols) {
        return (rows + PANEL - 1) / PANEL * cols * PANEL * Float.BYTES;
    }

    /**
     * Copies {@code tensor} into panels allocated from {@code arena}, packing in parallel on {@code pool}: what
     * {@code SimdDevice.batchWeights} returns for float32 matrices (with its worker pool and an arena per copy).
     */
    static SimdWeights weights(Tensor tensor, WorkerPool pool, Arena arena) {
        int rows = Math.toIntExact(tensor.info().rowCount());
        int cols = Math.toIntExact(tensor.info().rowLength());
        MemorySegment copy = arena.allocate(bytes(rows, cols), 64);       // zero-filled: rows past the end stay 0
        pool.run((rows + PANEL - 1) / PANEL, (from, to) -> pack(tensor.data(), copy, rows, cols, from, to));
        return new SimdWeights(tensor, KERNEL, copy);
    }

    /** Writes panels {@code [from, to)} of the row-major matrix {@code src} into {@code dst}. */
    static void pack(MemorySegment src, MemorySegment dst, int rows, int cols, int from, int to) {
        for (int p = from; p < to; p++) {
            long panel = (long) p * cols * PANEL;
            for (int j = 0; j < PANEL && p * PANEL + j < rows; j++) {
                long row = (long) (p * PANEL + j) * cols;
                for (int k = 0; k < cols; k++) {
                    dst.setAtIndex(Layouts.F32, panel + (long) k * PANEL + j, src.getAtIndex(Layouts.F32, row + k));
                }
            }
        }
    }

    @Override
    public ActivationFormat activationFormat() {
        return ActivationFormat.F32;
    }

    @Override
    public void multiply(MemorySegment w, int rows, int cols, Activations a, float[] y, int rowFrom, int rowTo) {
        float[] x = a.x;
        int n = a.n;
        long panelBytes = (long) cols * PANEL * Float.BYTES;
        float[] scratch = null;
        for (int p = rowFrom / PANEL; p * PANEL < rowTo; p++) {
            int r0 = p * PANEL;
            int lo = Math.max(rowFrom, r0);
            int hi = Math.min(rowTo, r0 + PANEL);
            // A panel this range covers only in part (the matrix's last rows, or a thread boundary inside a panel)
            // goes through the scratch tile, and only the covered rows are copied out.
            boolean whole = lo == r0 && hi == r0 + PANEL;
            if (!whole && scratch == null) {
                scratch = SCRATCH.get();
            }
            float[] out = whole ? y : scratch;
            for (int t = 0; t < n; t += TOKENS) {
                int count = Math.min(TOKENS, n - t);
                // Fewer than 4 tokens left: the missing ones repeat the last token and write the same values to the
                // same place, so one kernel body serves every count.
                int t1 = t + Math.min(1, count - 1);
                int t2 = t + Math.min(2, count - 1);
                int t3 = t + Math.min(3, count - 1);
                int o0 = whole ? t * rows + r0 : 0;
                int o1 = whole ? t1 * rows + r0 : (t1 - t) * PANEL;
                int o2 = whole ? t2 * rows + r0 : (t2 - t) * PANEL;
                int o3 = whole ? t3 * rows + r0 : (t3 - t) * PANEL;
                tile(w, p * panelBytes, x, t * cols, t1 * cols, t2 * cols, t3 * cols, cols, out, o0, o1, o2, o3);
                if (!whole) {
                    for (int i = 0; i < count; i++) {
                        System.arraycopy(scratch, i * PANEL + lo - r0, y, (t + i) * rows + lo, hi - lo);
                    }
                }
            }
        }
    }

    /**
     * One panel (32 rows from byte {@code base}) times four activation rows starting at {@code x0 … x3}: 32 outputs
     * per token into {@code out[o0 …]}, {@code out[o1 …]}, …
     */
    private static void tile(MemorySegment w, long base, float[] x, int x0, int x1, int x2, int x3, int cols,
                             float[] out, int o0, int o1, int o2, int o3) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F), c02 = FloatVector.zero(F), c03 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F), c12 = FloatVector.zero(F), c13 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F), c22 = FloatVector.zero(F), c23 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F), c32 = FloatVector.zero(F), c33 = FloatVector.zero(F);
        long b = base;
        for (int k = 0; k < cols; k++, b += PANEL * Float.BYTES) {
            FloatVector w0 = FloatVector.fromMemorySegment(F, w, b, LE);
            FloatVector w1 = FloatVector.fromMemorySegment(F, w, b + 32, LE);
            FloatVector w2 = FloatVector.fromMemorySegment(F, w, b + 64, LE);
            FloatVector w3 = FloatVector.fromMemorySegment(F, w, b + 96, LE);
            FloatVector u = FloatVector.broadcast(F, x[x0 + k]);
            c00 = w0.fma(u, c00);
            c01 = w1.fma(u, c01);
            c02 = w2.fma(u, c02);
            c03 = w3.fma(u, c03);
            u = FloatVector.broadcast(F, x[x1 + k]);
            c10 = w0.fma(u, c10);
            c11 = w1.fma(u, c11);
            c12 = w2.fma(u, c12);
            c13 = w3.fma(u, c13);
            u = FloatVector.broadcast(F, x[x2 + k]);
            c20 = w0.fma(u, c20);
            c21 = w1.fma(u, c21);
            c22 = w2.fma(u, c22);
            c23 = w3.fma(u, c23);
            u = FloatVector.broadcast(F, x[x3 + k]);
            c30 = w0.fma(u, c30);
            c31 = w1.fma(u, c31);
            c32 = w2.fma(u, c32);
            c33 = w3.fma(u, c33);
        }
        c00.intoArray(out, o0);
        c01.intoArray(out, o0 + 8);
        c02.intoArray(out, o0 + 16);
        c03.intoArray(out, o0 + 24);
        c10.intoArray(out, o1);
        c11.intoArray(out, o1 + 8);
        c12.intoArray(out, o1 + 16);
        c13.intoArray(out, o1 + 24);
        c20.intoArray(out, o2);
        c21.intoArray(out, o2 + 8);
        c22.intoArray(out, o2 + 16);
        c23.intoArray(out, o2 + 24);
        c30.intoArray(out, o3);
        c31.intoArray(out, o3 + 8);
        c32.intoArray(out, o3 + 16);
        c33.intoArray(out, o3 + 24);
    }
}
