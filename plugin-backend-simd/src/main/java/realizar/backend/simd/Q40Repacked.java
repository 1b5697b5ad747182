package realizar.backend.simd;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q4_0 weights repacked at load so that one int16 lane pair belongs to one block, at the file's 18 bytes per 32
 * weights. Per row, groups of B blocks (B = 16 with 512-bit vectors, 8 with 256-bit; the last group padded with zero
 * blocks): {@code 16·B} quant bytes each — four steps of 2B int16 lanes, where lane {@code l = 2j + e} of step k holds
 * quant bytes {@code m = 4k + 2e} and m+1 of block j (little-endian, as in the file) — and the row's scales d_w as the
 * file's f16, all of a row together. Each row pair 2p, 2p+1 owns one range ({@link #scales}, {@link #quants}): first
 * row 2p's scales, then row 2p+1's, then the two rows' quant groups alternating group by group, so the two-row kernel
 * streams one sequential range (two streams restarting every row pair ran 2.2× slower from DRAM). The quants are
 * ggml's, only moved, so the integer dots equal {@link ScalarQuantizedKernels#q4_0}'s.
 *
 * <p>Why: with a block per lane pair, a lane's 16 products add up in int16 across the whole group, and the per-block
 * work of the mapped kernel — pair sum, float conversion, scale broadcast, the −8 subtractions, the nibble masks —
 * happens once per group, for B blocks at a time ({@link Q40Activations} says how the −8 and the masks are folded into
 * the per-call activations). Per 32 weights: a quarter load, three quarters of a shift, two multiplies and two adds,
 * against about seventeen operations in the mapped kernel.
 *
 * <p>Why f16 scales, contiguous per row: decode from DRAM is bound by bytes, and the former float32 scales made the copy
 * 20 bytes per 32 (+11 %). Widened in the vector bodies, f16 overran C2's inlining budget (4× slower); here each tile
 * of rows first widens its rows' scales into a per-thread float[] ({@link #widen}: a plain loop that C2 vectorizes,
 * a few ns per row), and the bodies read them from there. f16 → f32 is exact, so the scales, and every result, are
 * the float32 layout's bit for bit.
 *
 * <p>Rows longer than one chunk ({@link #CHUNK_GROUPS} groups, 4096 weights; the FFN-down matrices): rows are grouped
 * in tiles of {@link #TILE} (the last tile partial), each tile stored chunk-major — chunk 0 of all its row pairs, then
 * chunk 1, … — and within one chunk every pair keeps the layout above with the chunk's groups in place of the row's
 * (so a range per pair and chunk: its two rows' scales of the chunk, then the quant groups alternating). Each thread
 * then reads one forward stream while a chunk of activations (~9 KB) serves 64 rows from L1; with rows of 8192
 * weights a row's activations alone filled L1 beside the weight stream, and DRAM rates fell (as for
 * {@link Q6KDense} and {@link Q4KGrouped}). The chunk dots add into the outputs in chunk order: one float rounding
 * more per chunk. Rows of one chunk keep the layout above byte for byte (one chunk, tile offsets reduce to the row
 * pair's) and the kernel's row-after-row loop.
 */
final class Q40Repacked implements Repacker {
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
    /** Groups per row chunk: 4096 weights. */
    static final int CHUNK_GROUPS = 4096 / (32 * BLOCKS);
    /** Rows per chunk-major tile (even, so that row pairs stay whole). */
    static final int TILE = 64;

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
        long stride = 0;
        for (int r = from; r < to; r++) {
            long quants = 0;
            long scales = 0;
            for (int g = 0; g < groups; g++) {
                int chunk = g / CHUNK_GROUPS;
                int in = g % CHUNK_GROUPS;
                if (in == 0) {
                    quants = quants(r, groups, rows, chunk);
                    scales = scales(r, groups, rows, chunk);
                    stride = stride(r, rows);
                }
                long o = quants + stride * in;
                for (int j = 0; j < BLOCKS; j++) {
                    int block = BLOCKS * g + j;
                    boolean real = block < blocks;
                    long b = ((long) r * blocks + block) * 18;
                    // Quant bytes 4k..4k+3 are lanes 2j and 2j+1 of step k: one int each.
                    for (int k = 0; k < 4; k++) {
                        dst.set(Layouts.I32, o + 2L * LANES * k + 4 * j, real ? src.get(Layouts.I32, b + 2 + 4 * k) : 0);
                    }
                    // The file's f16 d_w, bit for bit (0 for padding).
                    dst.set(Layouts.I16, scales + 2L * (BLOCKS * in + j), real ? src.get(Layouts.I16, b) : 0);
                }
            }
        }
    }

    /** Groups in chunk {@code chunk} of a row of {@code groups}. */
    static int chunkGroups(int groups, int chunk) {
        return Math.min(CHUNK_GROUPS, groups - chunk * CHUNK_GROUPS);
    }

    /**
     * Where row r's pair's range of chunk {@code chunk} starts: its tile's start, the tile's earlier chunks, then the
     * tile's earlier pairs of this chunk. With one chunk, {@code (r & ~1)·groups·GROUP_BYTES}: the unchunked range.
     */
    static long range(int r, int groups, int rows, int chunk) {
        int tile0 = r - r % TILE;
        int tileRows = Math.min(TILE, rows - tile0);
        return ((long) tile0 * groups + (long) tileRows * chunk * CHUNK_GROUPS) * GROUP_BYTES
                + (long) ((r - tile0) & ~1) * chunkGroups(groups, chunk) * GROUP_BYTES;
    }

    /** {@link #scales(int, int)} within chunk {@code chunk}'s range of row r's pair. */
    static long scales(int r, int groups, int rows, int chunk) {
        return range(r, groups, rows, chunk) + (r & 1) * (long) chunkGroups(groups, chunk) * SCALE_BYTES;
    }

    /** {@link #quants(int, int, int)} within chunk {@code chunk}'s range of row r's pair (stride: {@link #stride}). */
    static long quants(int r, int groups, int rows, int chunk) {
        int cg = chunkGroups(groups, chunk);
        long pair = range(r, groups, rows, chunk);
        return alone(r, rows) ? pair + (long) cg * SCALE_BYTES : pair + 2L * cg * SCALE_BYTES + (r & 1) * QUANT_BYTES;
    }

    /** Where row r's f16 scales lie (rows of one chunk): at the start of its row pair's range, row 2p's then row 2p+1's. */
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
            if (groups > CHUNK_GROUPS) {
                multiplyChunked(w, rows, groups, a, y, rowFrom, rowTo);
                return;
            }
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
         * Rows of several chunks (see the class comment): per tile, chunk by chunk, the tile's rows in sub-tiles of
         * {@link #TILE_ROWS} (which stay in L1 while the activation rows pass, for n > 1); each chunk's dot added into
         * the output, the first one stored. The pair and single-row bodies are {@link #multiply}'s, on the chunk's
         * groups.
         */
        private static void multiplyChunked(MemorySegment w, int rows, int groups, Activations a, float[] y, int rowFrom,
                int rowTo) {
            short[] c = a.q40.c;
            float[] d = a.q40.d;
            int chunkBlocks = CHUNK_GROUPS * BLOCKS;
            float[] s = scratch(TILE_ROWS * chunkBlocks);
            int chunks = (groups + CHUNK_GROUPS - 1) / CHUNK_GROUPS;
            for (int tile0 = rowFrom, tile1; tile0 < rowTo; tile0 = tile1) {
                tile1 = Math.min(rowTo, tile0 - tile0 % TILE + TILE);
                for (int chunk = 0; chunk < chunks; chunk++) {
                    int cg = chunkGroups(groups, chunk);
                    int cb = cg * BLOCKS;
                    for (int r0 = tile0, r1; r0 < tile1; r0 = r1) {
                        r1 = Math.min(tile1, (r0 + TILE_ROWS) & ~1);
                        for (int t = 0; t < a.n; t++) {
                            int g0 = t * groups + chunk * CHUNK_GROUPS;
                            for (int r = r0; r < r1; ) {
                                int s0 = (r - r0) * cb;
                                int i = t * rows + r;
                                boolean pair = (r & 1) == 0 && r + 1 < r1;
                                if (t == 0) {
                                    widen(w, scales(r, groups, rows, chunk), s, s0, pair ? 2 * cb : cb);
                                }
                                if (pair) {
                                    float y0 = y[i];
                                    float y1 = y[i + 1];
                                    dot2(w, quants(r, groups, rows, chunk), s, s0, c, d, g0, cg, y, i);
                                    if (chunk > 0) {
                                        y[i] += y0;
                                        y[i + 1] += y1;
                                    }
                                    r += 2;
                                } else {
                                    float dot = dot(w, quants(r, groups, rows, chunk), stride(r, rows), s, s0, c, d, g0, cg);
                                    y[i] = chunk > 0 ? y[i] + dot : dot;
                                    r++;
                                }
                            }
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
