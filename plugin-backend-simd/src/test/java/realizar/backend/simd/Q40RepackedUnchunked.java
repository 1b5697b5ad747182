package realizar.backend.simd;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Q40Repacked} before rows were cut into chunks (every row pair one range, row after row): kept in test scope
 * only for the A/B timing in {@link BenchmarkQ40Chunks}.
 */
final class Q40RepackedUnchunked implements Repacker {
    /** 512-bit where the CPU has AVX-512 ({@link Simd#WIDE}): 1.6× the 256-bit layout on Zen 4, single thread. */
    static final VectorSpecies<Short> SHORTS = Simd.WIDE ? Simd.S512 : Simd.S256;
    private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, SHORTS.vectorShape());
    /** Blocks per group: one lane pair per block (and nothing here reads Q40Activations' constants: init order). */
    static final int BLOCKS = SHORTS.length() / 2;
    static final int LANES = 2 * BLOCKS;
    /** Quant bytes of one group of one row, and the bytes of its B f16 scales. */
    static final int QUANT_BYTES = 16 * BLOCKS;
    static final int SCALE_BYTES = 2 * BLOCKS;
    /** Bytes per group of one row: 18 per 32 weights, as in the file. */
    static final int GROUP_BYTES = QUANT_BYTES + SCALE_BYTES;
    /** Per-thread f32 scales of one tile's rows, widened once per tile (and shared by its activation rows). */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);
    /** Weight rows per prefill tile (as {@link RowDotKernel}): they stay in L1 while the activation rows pass. */
    private static final int TILE_ROWS = 4;

    private final MatmulKernel kernel = new Kernel();

    @Override
    public long bytes(long rows, long cols) {
        return rows * Q40Activations.groups((int) cols) * GROUP_BYTES;
    }

    @Override
    public MatmulKernel kernel() {
        return kernel;
    }

    @Override
    public void repack(MemorySegment src, MemorySegment dst, int cols, int from, int to) {
        int blocks = cols / 32;
        int groups = Q40Activations.groups(cols);
        int rows = Math.toIntExact(dst.byteSize() / ((long) groups * GROUP_BYTES));
        for (int r = from; r < to; r++) {
            long quants = quants(r, groups, rows);
            long scales = scales(r, groups);
            long stride = stride(r, rows);
            for (int g = 0; g < groups; g++) {
                long o = quants + stride * g;
                for (int j = 0; j < BLOCKS; j++) {
                    int block = BLOCKS * g + j;
                    boolean real = block < blocks;
                    long b = (r * blocks + block) * 18;
                    // Quant bytes 4k..4k+3 are lanes 2j and 2j+1 of step k: one int each.
                    for (int k = 0; k < 4; k++) {
                        dst.set(Layouts.I32, o + 2L * LANES * k + 4 * j, real ? src.get(Layouts.I32, b + 2 + 4 * k) : 0);
                    }
                    // The file's f16 d_w, bit for bit (0 for padding).
                    dst.set(Layouts.I16, scales + 2L * block, real ? src.get(Layouts.I16, b) : 0);
                }
            }
        }
    }

    /** Where row r's f16 scales lie: at the start of its row pair's range, row 2p's then row 2p+1's. */
    static long scales(int r, int groups) {
        return (r & ~1) * (long) groups * GROUP_BYTES + (r & 1) * (long) groups * SCALE_BYTES;
    }

    /**
     * Where row r's first quant group lies: after the pair's scales, rows 2p and 2p+1 alternating group by group (so
     * the two-row kernel reads one sequential stream); an odd last row has its range to itself.
     */
    static long quants(int r, int groups, int rows) {
        long pair = (r & ~1) * (long) groups * GROUP_BYTES;
        return alone(r, rows) ? pair + (long) groups * SCALE_BYTES
                : pair + 2L * groups * SCALE_BYTES + (r & 1) * QUANT_BYTES;
    }

    /** Bytes from one quant group of row r to its next (see {@link #quants}). */
    static long stride(int r, int rows) {
        return alone(r, rows) ? QUANT_BYTES : 2L * QUANT_BYTES;
    }

    private static boolean alone(int r, int rows) {
        return (r & 1) == 0 && r + 1 == rows;
    }

    /**
     * The f16 scales at {@code off} widened exactly into {@code f[at..at+count)}: a plain loop that C2's superword
     * pass turns into vector {@code vcvtph2ps} (2048 scales in ~70 ns; 0.4 ns each unvectorized), kept out of the
     * vector bodies, whose inlining budget it would otherwise share.
     */
    static void widen(MemorySegment w, long off, float[] f, int at, int count) {
        for (int i = 0; i < count; i++) {
            f[at + i] = Float.float16ToFloat(w.get(Layouts.I16, off + 2L * i));
        }
    }

    /** This thread's scale scratch, grown to at least {@code size} floats. */
    static float[] scratch(int size) {
        float[] s = SCRATCH.get();
        if (s.length < size) {
            s = new float[size];
            SCRATCH.set(s);
        }
        return s;
    }

    private static final class Kernel implements MatmulKernel {
        @Override
        public ActivationFormat activationFormat() {
            return ActivationFormat.Q8_0_X8;
        }

        @Override
        public void multiply(MemorySegment w, int rows, int cols, Activations a, float[] y, int rowFrom, int rowTo) {
            int groups = Q40Activations.groups(cols);
            int perRow = groups * BLOCKS;
            short[] c = a.q40.c;
            float[] d = a.q40.d;
            float[] s = scratch(TILE_ROWS * perRow);
            // Tiles end on even rows, so that row pairs stay whole; a range may still start or end inside a pair.
            for (int r0 = rowFrom, r1; r0 < rowTo; r0 = r1) {
                r1 = Math.min(rowTo, (r0 + TILE_ROWS) & ~1);
                for (int t = 0; t < a.n; t++) {
                    for (int r = r0; r < r1; ) {
                        int s0 = (r - r0) * perRow;
                        boolean pair = (r & 1) == 0 && r + 1 < r1;
                        // Widened right before the rows' quants (the next bytes of the stream: from DRAM, widening a
                        // whole tile's scales first read 2x slower), once per tile for all activation rows.
                        if (t == 0) {
                            widen(w, scales(r, groups), s, s0, pair ? 2 * perRow : perRow);
                        }
                        if (pair) {
                            dot2(w, quants(r, groups, rows), s, s0, c, d, t * groups, groups, y, t * rows + r);
                            r += 2;
                        } else {
                            y[t * rows + r] = dot(w, quants(r, groups, rows), stride(r, rows), s, s0, c, d, t * groups, groups);
                            r++;
                        }
                    }
                }
            }
        }

        /**
         * One row against the activation row whose first group is {@code g0}: per group, the lanes accumulate
         * {@code Σ_i (v >>> 4i)·c_i} over the four steps (exact modulo 2^16, see {@link Q40Activations}), starting from
         * the −8 correction; adjacent lanes then sum to block j's exact Σ(q − 8)·a in int32 lane j (|·| ≤ 32512, so
         * {@link Simd#pairSumSmall}'s trick holds), converted and scaled by the B products d_w·d_a at once.
         */
        private static float dot(MemorySegment w, long row, long stride, float[] s, int s0, short[] c, float[] d, int g0,
                int groups) {
            FloatVector acc = FloatVector.zero(FLOATS);
            for (int g = 0; g < groups; g++) {
                // Offsets computed from g itself (no second induction variable), so that C2 can range-check them once.
                int x = (g0 + g) * Q40Activations.GROUP_SHORTS;
                long b = row + stride * g;
                ShortVector sum = ShortVector.fromArray(SHORTS, c, x);
                for (int k = 0; k < 4; k++) {
                    ShortVector v = ShortVector.fromMemorySegment(SHORTS, w, b + 2L * LANES * k, ByteOrder.LITTLE_ENDIAN);
                    sum = sum.add(step(v, c, x + LANES + 4 * LANES * k));
                }
                FloatVector scale = FloatVector.fromArray(FLOATS, s, s0 + BLOCKS * g)
                        .mul(FloatVector.fromArray(FLOATS, d, BLOCKS * (g0 + g)));
                acc = blockDots(sum).fma(scale, acc);
            }
            return acc.reduceLanes(VectorOperators.ADD);
        }

        /**
         * {@link #dot} for the row pair whose groups alternate from {@code pair} into {@code y[i]}, {@code y[i+1]}: each
         * activation vector loaded once, the weights read as one sequential stream.
         */
        private static void dot2(MemorySegment w, long pair, float[] s, int s0, short[] c, float[] d, int g0, int groups,
                float[] y, int i) {
            FloatVector acc0 = FloatVector.zero(FLOATS);
            FloatVector acc1 = FloatVector.zero(FLOATS);
            for (int g = 0; g < groups; g++) {
                int x = (g0 + g) * Q40Activations.GROUP_SHORTS;
                long b = pair + 2L * QUANT_BYTES * g;
                ShortVector sum0 = ShortVector.fromArray(SHORTS, c, x);
                ShortVector sum1 = sum0;
                for (int k = 0; k < 4; k++) {
                    int xk = x + LANES + 4 * LANES * k;
                    ShortVector c0 = ShortVector.fromArray(SHORTS, c, xk);
                    ShortVector c1 = ShortVector.fromArray(SHORTS, c, xk + LANES);
                    ShortVector c2 = ShortVector.fromArray(SHORTS, c, xk + 2 * LANES);
                    ShortVector c3 = ShortVector.fromArray(SHORTS, c, xk + 3 * LANES);
                    ShortVector v0 = ShortVector.fromMemorySegment(SHORTS, w, b + 2L * LANES * k, ByteOrder.LITTLE_ENDIAN);
                    ShortVector v1 = ShortVector.fromMemorySegment(SHORTS, w, b + QUANT_BYTES + 2L * LANES * k, ByteOrder.LITTLE_ENDIAN);
                    sum0 = sum0.add(v0.mul(c0).add(v0.lanewise(VectorOperators.LSHR, 4).mul(c1))
                            .add(v0.lanewise(VectorOperators.LSHR, 8).mul(c2).add(v0.lanewise(VectorOperators.LSHR, 12).mul(c3))));
                    sum1 = sum1.add(v1.mul(c0).add(v1.lanewise(VectorOperators.LSHR, 4).mul(c1))
                            .add(v1.lanewise(VectorOperators.LSHR, 8).mul(c2).add(v1.lanewise(VectorOperators.LSHR, 12).mul(c3))));
                }
                FloatVector da = FloatVector.fromArray(FLOATS, d, BLOCKS * (g0 + g));
                FloatVector scale0 = FloatVector.fromArray(FLOATS, s, s0 + BLOCKS * g).mul(da);
                FloatVector scale1 = FloatVector.fromArray(FLOATS, s, s0 + groups * BLOCKS + BLOCKS * g).mul(da);
                acc0 = blockDots(sum0).fma(scale0, acc0);
                acc1 = blockDots(sum1).fma(scale1, acc1);
            }
            y[i] = acc0.reduceLanes(VectorOperators.ADD);
            y[i + 1] = acc1.reduceLanes(VectorOperators.ADD);
        }

        /** {@code Σ_i (v >>> 4i)·c_i} of one step, the c_i at {@code c[xk + i·LANES]}. */
        private static ShortVector step(ShortVector v, short[] c, int xk) {
            return v.mul(ShortVector.fromArray(SHORTS, c, xk))
                    .add(v.lanewise(VectorOperators.LSHR, 4).mul(ShortVector.fromArray(SHORTS, c, xk + LANES)))
                    .add(v.lanewise(VectorOperators.LSHR, 8).mul(ShortVector.fromArray(SHORTS, c, xk + 2 * LANES))
                            .add(v.lanewise(VectorOperators.LSHR, 12).mul(ShortVector.fromArray(SHORTS, c, xk + 3 * LANES))));
        }

        /**
         * The per-block sums as float: adjacent int16 lanes added into int32 lane j ({@link Simd#pairSumSmall} written
         * out — that helper, shared with the 256-bit kernels, would see two vector shapes, and its polluted type
         * profile made every caller box: 10× slower), then converted.
         */
        private static FloatVector blockDots(ShortVector sum) {
            IntVector dots = sum.reinterpretAsInts().mul(65537).lanewise(VectorOperators.ASHR, 16);
            return (FloatVector) dots.convert(VectorOperators.I2F, 0);
        }
    }
}
