package realizar.backend.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q4_K weights repacked at load into {@link Q40Repacked}'s scheme: each 32-element sub-block is a Q4_0-like block of
 * unsigned nibbles with float scale d·sc_j and no −8, and its mins term −dmin·m_j·Σa_j rides along as a second float per
 * block. Per row, groups of B sub-blocks (B = 16 with 512-bit vectors, 8 with 256-bit; the last group padded with zero
 * blocks), each {@code 16·B} quant bytes — four steps of 2B int16 lanes (lane {@code l = 2j + e} of step k holds bytes
 * {@code m = 4k + 2e} and m+1 of the quants of the sub-block in lane pair j, in Q4_0's order: byte i holds element i,
 * low nibble, and i + 16) — and {@code 2·B + 8·B/8} scale bytes: per lane pair the 6-bit scale sc_j, then the 6-bit min
 * m_j, as bytes (ggml's get_scale_min_k4, decoded at load), then the group's B/8 super-blocks' d and −dmin as float32.
 * With B = 16 a group spans two super-blocks, and their sub-blocks alternate in it ({@link #lane}: lane pair 2i is the
 * first super-block's sub-block i, 2i + 1 the second's), so that the per-lane d is the pair (d_0, d_1) repeated — one
 * 64-bit broadcast from the copy. 152 bytes per 256 weights: the file's 144 plus 8 (its 12 bytes of packed 6-bit
 * fields take 16 here, its f16 d and dmin 8). Rows are cut into chunks of {@link #CHUNK} groups (4096 weights, the last
 * chunk may be shorter), and a row pair's chunk is one range, as a whole pair is in {@link Q40Repacked}: row 2p's scale
 * bytes of the chunk, row 2p+1's, then the two rows' quant groups alternating group by group (a lone last row: its scale
 * bytes, then its groups). Rows go in tiles of {@link #TILE_ROWS}: a tile holds its pairs' chunk 0, then their chunk 1,
 * and so on, in the order the kernel reads them — one sequential stream. Rows of up to 4096 weights are plain pair order.
 * Why: from DRAM, rows of 8192 (the 1B Llama's FFN-down) ran ~1.5× slower per byte than rows of 2048, their 16 KB of
 * activation coefficients per row not staying in L1 beside the weight stream (measured on {@link Q6KDense}, whose class
 * comment has the numbers); a chunk's activations now serve the 64 rows of a tile. FFN-down 2048 × 8192 in a decode
 * token (BenchmarkQ4KMDecode, 2 threads): 554–606 µs → 385–407 µs; chunks of 2048 weights gave 422–504 µs, their
 * per-chunk calls and reductions costing 35 % in cache.
 *
 * <p>The kernel first widens a row pair's scale bytes into a per-thread float[] ({@link #widen}: per group one byte
 * load, two conversions, two broadcasts and two multiplies), right before the pair's quants in the stream, and the
 * vector bodies read the floats as they did from the former float32 layout: d·sc_j and −dmin·m_j are products of an f16
 * and a 6-bit integer, exact in float32, so every value is that layout's bit for bit ({@link TestQ4KGrouped} checks it
 * against the test-scope copy of that layout, {@code Q4KGroupedF32}).
 *
 * <p>The activations are ggml's Q8_K quants (one d_a per 256), regrouped by {@link Q4KActivations}
 * ({@link ActivationFormat#Q8_K_X8}) in the same lane order, with Q4_0's coefficients {@code c_i = a_i − 16·a_(i−1)}. A
 * lane's true total Σq·a over 16 elements (0 ≤ q ≤ 15, |a| ≤ 127) is at most 30480, so the wrapping int16 sums end
 * exact; a sub-block's two lanes together reach 60960, beyond Q4_0's {@code v·65537 >> 16} pair sum, so the pair is
 * added as two sign-extended halves (once per group: two more operations per B sub-blocks). Integer dots per sub-block
 * are exactly ggml's; the mins use the activations' exact per-32 sums. Only the float summation order differs.
 *
 * <p>Why 152 bytes: decode from DRAM is bound by bytes, and the former layout, d·sc_j and −dmin·m_j as float32 per
 * sub-block, read 192 per 256 (+33 % over the file). Why float32 d and −dmin rather than the file's f16 (148 bytes):
 * broadcast from memory they cost no conversion and no blend, which halved the widening (plugin-backend-simd/README.md,
 * "f16 scales").
 */
final class Q4KGrouped implements Repacker {
    static final VectorSpecies<Short> SHORTS = Simd.WIDE ? Simd.S512 : Simd.S256;
    private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, SHORTS.vectorShape());
    /** Sub-blocks per group: one lane pair per sub-block. */
    static final int BLOCKS = SHORTS.length() / 2;
    /** One byte per sub-block of a group: its 6-bit scales, then its mins. */
    private static final VectorSpecies<Byte> SCALE_BYTES_SPECIES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(16 * BLOCKS));
    /** Super-blocks per group. */
    static final int SUPERS = BLOCKS / 8;
    /** Two floats (d_0, d_1) as one lane, broadcast: with B = 16, lane j of a group belongs to super-block j mod 2. */
    private static final VectorSpecies<Long> PAIRS = VectorSpecies.of(long.class, SHORTS.vectorShape());
    static final int LANES = 2 * BLOCKS;
    static final int QUANT_BYTES = 16 * BLOCKS;
    /** Per group of one row: B scales, B mins (bytes), then B/8 d and B/8 −dmin (float32). */
    static final int SCALE_BYTES = 2 * BLOCKS + 8 * SUPERS;
    static final int GROUP_BYTES = QUANT_BYTES + SCALE_BYTES;
    /** Groups per chunk of a row: 4096 weights, whose activations (8 KB of coefficients) stay in L1 for a whole tile. */
    static final int CHUNK = 128 / BLOCKS;
    /** Rows per tile of the layout (even: whole pairs); a thread's share of rows is best a whole number of tiles. */
    static final int TILE_ROWS = 64;
    /** Per-thread widened scales (then mins) of one row pair's chunk. */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private final MatmulKernel kernel = new Kernel();

    @Override
    public long bytes(long rows, long cols) {
        return rows * Q4KActivations.groups((int) cols) * GROUP_BYTES;
    }

    @Override
    public MatmulKernel kernel() {
        return kernel;
    }

    /**
     * Row by row through heap arrays (one bulk copy in per row, one out per group and one for the scale bytes), the
     * nibbles moved a word at a time by {@link Q4KRepacked#repackNibbles}: byte by byte, segment or array, the copy ran at
     * 0.5 GB/s per thread.
     */
    @Override
    public void repack(MemorySegment src, MemorySegment dst, int cols, int from, int to) {
        int supers = cols / 256;
        int groups = Q4KActivations.groups(cols);
        int rows = Math.toIntExact(dst.byteSize() / ((long) groups * GROUP_BYTES));
        int words = Q4KRepacked.BLOCK_BYTES / 8;
        long[] in = new long[supers * words];
        long[] nibbles = new long[16];
        long[] scales = new long[2];
        int[] quants = new int[groups * QUANT_BYTES / 4];
        byte[] scaleBytes = new byte[groups * SCALE_BYTES];
        for (int r = from; r < to; r++) {
            MemorySegment.copy(src, Layouts.I64, (long) r * supers * Q4KRepacked.BLOCK_BYTES, in, 0, in.length);
            // Padding sub-blocks of the last group stay zero: quants, scale, min, d and −dmin (all +0).
            java.util.Arrays.fill(quants, 0);
            java.util.Arrays.fill(scaleBytes, (byte) 0);
            for (int sb = 0; sb < supers; sb++) {
                int b = sb * words;
                // Sub-block s's 16 quant bytes in Q4_0's order (byte i: element i low, i + 16 high) at nibbles[2s..2s+1].
                Q4KRepacked.repackNibbles(in, b + 2, nibbles, 0);
                // Eight 6-bit scales, then eight mins, one per byte (ggml's get_scale_min_k4), in two words.
                Q4KRepacked.repackScales(in, b, scales, 0);
                int g = 8 * sb / BLOCKS;
                int p = 8 * sb % BLOCKS / 8;
                int o = g * SCALE_BYTES;
                for (int sub = 0; sub < 8; sub++) {
                    int j = lane(8 * p + sub);
                    // Quant bytes 4k..4k+3 are lanes 2j and 2j+1 of step k: one int each.
                    for (int k = 0; k < 4; k++) {
                        quants[QUANT_BYTES / 4 * g + LANES / 2 * k + j] = (int) (nibbles[2 * sub + (k >> 1)] >>> (32 * (k & 1)));
                    }
                    scaleBytes[o + j] = (byte) (scales[0] >>> 8 * sub & 0x3F);
                    scaleBytes[o + BLOCKS + j] = (byte) (scales[1] >>> 8 * sub & 0x3F);
                }
                putFloat(scaleBytes, o + 2 * BLOCKS + 4 * p, Float.float16ToFloat((short) in[b]));
                putFloat(scaleBytes, o + 2 * BLOCKS + 4 * SUPERS + 4 * p, -Float.float16ToFloat((short) (in[b] >>> 16)));
            }
            long stride = stride(r, rows);
            for (int k = 0; k * CHUNK < groups; k++) {
                int g0 = CHUNK * k;
                MemorySegment.copy(scaleBytes, SCALE_BYTES * g0, dst, ValueLayout.JAVA_BYTE, scales(r, k, rows, groups),
                        SCALE_BYTES * chunkGroups(k, groups));
                long start = quants(r, k, rows, groups);
                for (int g = g0; g < g0 + chunkGroups(k, groups); g++) {
                    MemorySegment.copy(quants, QUANT_BYTES / 4 * g, dst, Layouts.I32, start + stride * (g - g0), QUANT_BYTES / 4);
                }
            }
        }
    }

    /**
     * The lane pair of sub-block q (0 ≤ q < B) of a group: with B = 16, the two super-blocks' sub-blocks alternate
     * (lane pair 2i is the first's sub-block i, 2i + 1 the second's), so that a vector of per-super-block values is one
     * 64-bit broadcast; with B = 8, one super-block, in order.
     */
    static int lane(int q) {
        return SUPERS == 2 ? 2 * (q & 7) + (q >> 3) : q;
    }

    /** The sub-block of lane pair j: the inverse of {@link #lane}. */
    static int subBlock(int j) {
        return SUPERS == 2 ? 8 * (j & 1) + (j >> 1) : j;
    }

    private static void putFloat(byte[] a, int at, float v) {
        int bits = Float.floatToRawIntBits(v);
        for (int i = 0; i < 4; i++) {
            a[at + i] = (byte) (bits >>> 8 * i);
        }
    }

    /** Groups in chunk k of a row of {@code groups}: {@link #CHUNK}, fewer in the last. */
    static int chunkGroups(int k, int groups) {
        return Math.min(CHUNK, groups - CHUNK * k);
    }

    /**
     * Where chunk k of row r's pair lies (see the class comment): its tile of {@link #TILE_ROWS} rows (fewer in the last)
     * holds all its pairs' chunk 0, then their chunk 1, and so on; each pair's chunk is as a whole row pair was before.
     */
    private static long pairChunk(int r, int k, int rows, int groups) {
        int tile = r & -TILE_ROWS;
        int height = Math.min(TILE_ROWS, rows - tile);
        return (long) tile * groups * GROUP_BYTES + (long) height * CHUNK * GROUP_BYTES * k
                + (long) ((r & ~1) - tile) * chunkGroups(k, groups) * GROUP_BYTES;
    }

    /** Where row r's scale bytes of chunk k lie: at the start of its pair's chunk, row 2p's then row 2p+1's. */
    static long scales(int r, int k, int rows, int groups) {
        return pairChunk(r, k, rows, groups) + (r & 1) * (long) chunkGroups(k, groups) * SCALE_BYTES;
    }

    /** Where row r's first quant group of chunk k lies (after the pair's scale bytes; see {@link Q40Repacked#quants}). */
    static long quants(int r, int k, int rows, int groups) {
        long pair = pairChunk(r, k, rows, groups);
        int n = chunkGroups(k, groups);
        return alone(r, rows) ? pair + (long) n * SCALE_BYTES : pair + 2L * n * SCALE_BYTES + (r & 1) * QUANT_BYTES;
    }

    /** Bytes from one quant group of row r to its next. */
    static long stride(int r, int rows) {
        return alone(r, rows) ? QUANT_BYTES : 2L * QUANT_BYTES;
    }

    private static boolean alone(int r, int rows) {
        return (r & 1) == 0 && r + 1 == rows;
    }

    /**
     * One row's scale bytes at {@code off} ({@code groups} groups) widened into {@code f}: per lane pair d·sc_j at
     * {@code at + j} and, if {@code keep}, −dmin·m_j at {@code at + mins + j} — both exact, as the former float32 layout
     * stored them. Returns the row's mins term against activation row 0 ({@code d}, {@code s} from {@code g0}), with
     * {@link Kernel#mins}'s operations: summed here, the mins need no second pass (and, for decode, no store). One vector
     * shape, its own method: it stays out of the bodies' inlining budget, and only floats cross the call.
     */
    static float widen(MemorySegment w, long off, float[] f, int at, int mins, int groups, boolean keep, float[] d, float[] s,
            int g0) {
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int g = 0; g < groups; g++) {
            long b = off + (long) SCALE_BYTES * g;
            long h = b + 2 * BLOCKS;
            // Per lane its super-block's d and −dmin, broadcast straight from the copy: (d_0, d_1) repeated.
            FloatVector dd = SUPERS == 2 ? LongVector.broadcast(PAIRS, w.get(Layouts.I64, h)).reinterpretAsFloats()
                    : FloatVector.broadcast(FLOATS, w.get(Layouts.F32, h));
            FloatVector dmin = SUPERS == 2 ? LongVector.broadcast(PAIRS, w.get(Layouts.I64, h + 4 * SUPERS)).reinterpretAsFloats()
                    : FloatVector.broadcast(FLOATS, w.get(Layouts.F32, h + 4 * SUPERS));
            // The B scales and the B mins: one load, two conversions.
            ByteVector bytes = ByteVector.fromMemorySegment(SCALE_BYTES_SPECIES, w, b, ByteOrder.LITTLE_ENDIAN);
            ((FloatVector) bytes.convertShape(VectorOperators.B2F, FLOATS, 0)).mul(dd).intoArray(f, at + BLOCKS * g);
            FloatVector m = ((FloatVector) bytes.convertShape(VectorOperators.B2F, FLOATS, 1)).mul(dmin);
            if (keep) {
                m.intoArray(f, at + mins + BLOCKS * g);
            }
            int i = BLOCKS * (g0 + g);
            acc = FloatVector.fromArray(FLOATS, s, i).fma(m.mul(FloatVector.fromArray(FLOATS, d, i)), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** This thread's scratch, grown to at least {@code size} floats. */
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
            return ActivationFormat.Q8_K_X8;
        }

        @Override
        public void multiply(MemorySegment w, int rows, int cols, Activations a, float[] y, int rowFrom, int rowTo) {
            int groups = Q4KActivations.groups(cols);
            short[] c = a.q4k.c;
            float[] d = a.q4k.d;
            float[] s = a.q4k.s;
            float[] f = scratch(4 * CHUNK * BLOCKS);
            // The widened mins are kept only for the activation rows after the first.
            boolean keep = a.n > 1;
            for (int r0 = rowFrom, r1; r0 < rowTo; r0 = r1) {
                r1 = Math.min(rowTo, (r0 & -TILE_ROWS) + TILE_ROWS);
                // Chunk by chunk across the tile's rows, as they lie: one chunk of activations serves them all.
                for (int k = 0; k * CHUNK < groups; k++) {
                    int g0 = CHUNK * k;
                    int n = chunkGroups(k, groups);
                    int per = n * BLOCKS;
                    for (int r = r0; r < r1; ) {
                        // Widened right before the rows' quants (the next bytes of the stream); the first activation row's
                        // mins are summed on the way, the others' from the widened mins.
                        if ((r & 1) == 0 && r + 1 < r1) {
                            long at = scales(r, k, rows, groups);
                            long quants = quants(r, k, rows, groups);
                            for (int t = 0; t < a.n; t++) {
                                int i = t * rows + r;
                                float m0 = t == 0 ? widen(w, at, f, 0, 2 * per, n, keep, d, s, g0)
                                        : mins(f, 2 * per, d, s, t * groups + g0, n);
                                float m1 = t == 0 ? widen(w, at + (long) n * SCALE_BYTES, f, per, 2 * per, n, keep, d, s, g0)
                                        : mins(f, 3 * per, d, s, t * groups + g0, n);
                                dot2(w, quants, f, 0, c, d, t * groups + g0, n, y, i, k > 0);
                                y[i] += m0;
                                y[i + 1] += m1;
                            }
                            r += 2;
                        } else {
                            long at = scales(r, k, rows, groups);
                            long quants = quants(r, k, rows, groups);
                            long stride = stride(r, rows);
                            for (int t = 0; t < a.n; t++) {
                                float m = t == 0 ? widen(w, at, f, 0, 2 * per, n, keep, d, s, g0)
                                        : mins(f, 2 * per, d, s, t * groups + g0, n);
                                float v = dot(w, quants, stride, f, 0, c, d, t * groups + g0, n) + m;
                                y[t * rows + r] = k == 0 ? v : y[t * rows + r] + v;
                            }
                            r++;
                        }
                    }
                }
            }
        }

        /**
         * One row's quant part: per group, the lanes accumulate {@code Σ_i (v >>> 4i)·c_i} over the four steps; the lane
         * pairs then give each sub-block's exact Σq·a, scaled by d·sc_j·d_a.
         */
        private static float dot(MemorySegment w, long row, long stride, float[] f, int f0, short[] c, float[] d, int g0,
                int groups) {
            FloatVector acc = FloatVector.zero(FLOATS);
            for (int g = 0; g < groups; g++) {
                int x = (g0 + g) * Q4KActivations.GROUP_SHORTS;
                long b = row + stride * g;
                ShortVector sum = step(ShortVector.fromMemorySegment(SHORTS, w, b, ByteOrder.LITTLE_ENDIAN), c, x);
                for (int k = 1; k < 4; k++) {
                    ShortVector v = ShortVector.fromMemorySegment(SHORTS, w, b + 2L * LANES * k, ByteOrder.LITTLE_ENDIAN);
                    sum = sum.add(step(v, c, x + 4 * LANES * k));
                }
                FloatVector scale = FloatVector.fromArray(FLOATS, f, f0 + BLOCKS * g)
                        .mul(FloatVector.fromArray(FLOATS, d, BLOCKS * (g0 + g)));
                acc = blockDots(sum).fma(scale, acc);
            }
            return acc.reduceLanes(VectorOperators.ADD);
        }

        /**
         * One row's mins part, Σ_j (−dmin·m_j)·d_a·Σa_j, from the widened mins at {@code m0}, in a method of its own:
         * inside {@link #dot2} it pushed C2 past its inlining budget (NodeCountInliningCutoff on blockDots: every vector
         * boxed, 2× slower). Only floats cross the call, so nothing is boxed.
         */
        private static float mins(float[] f, int m0, float[] d, float[] s, int g0, int groups) {
            FloatVector acc = FloatVector.zero(FLOATS);
            for (int g = 0; g < groups; g++) {
                int i = BLOCKS * (g0 + g);
                FloatVector mins = FloatVector.fromArray(FLOATS, f, m0 + BLOCKS * g).mul(FloatVector.fromArray(FLOATS, d, i));
                acc = FloatVector.fromArray(FLOATS, s, i).fma(mins, acc);
            }
            return acc.reduceLanes(VectorOperators.ADD);
        }

        /** {@link #dot} for the row pair whose groups alternate from {@code pair} into {@code y[i]}, {@code y[i+1]}. */
        private static void dot2(MemorySegment w, long pair, float[] f, int f0, short[] c, float[] d, int g0, int groups,
                float[] y, int i, boolean add) {
            FloatVector acc0 = FloatVector.zero(FLOATS);
            FloatVector acc1 = FloatVector.zero(FLOATS);
            for (int g = 0; g < groups; g++) {
                int x = (g0 + g) * Q4KActivations.GROUP_SHORTS;
                long b = pair + 2L * QUANT_BYTES * g;
                ShortVector sum0 = ShortVector.zero(SHORTS);
                ShortVector sum1 = sum0;
                for (int k = 0; k < 4; k++) {
                    int xk = x + 4 * LANES * k;
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
                FloatVector scale0 = FloatVector.fromArray(FLOATS, f, f0 + BLOCKS * g).mul(da);
                FloatVector scale1 = FloatVector.fromArray(FLOATS, f, f0 + groups * BLOCKS + BLOCKS * g).mul(da);
                acc0 = blockDots(sum0).fma(scale0, acc0);
                acc1 = blockDots(sum1).fma(scale1, acc1);
            }
            float v0 = acc0.reduceLanes(VectorOperators.ADD);
            float v1 = acc1.reduceLanes(VectorOperators.ADD);
            y[i] = add ? y[i] + v0 : v0;
            y[i + 1] = add ? y[i + 1] + v1 : v1;
        }

        /** {@code Σ_i (v >>> 4i)·c_i} of one step, the c_i at {@code c[xk + i·LANES]}. */
        private static ShortVector step(ShortVector v, short[] c, int xk) {
            return v.mul(ShortVector.fromArray(SHORTS, c, xk))
                    .add(v.lanewise(VectorOperators.LSHR, 4).mul(ShortVector.fromArray(SHORTS, c, xk + LANES)))
                    .add(v.lanewise(VectorOperators.LSHR, 8).mul(ShortVector.fromArray(SHORTS, c, xk + 2 * LANES))
                            .add(v.lanewise(VectorOperators.LSHR, 12).mul(ShortVector.fromArray(SHORTS, c, xk + 3 * LANES))));
        }

        /**
         * The per-sub-block sums as float: the two int16 lanes of int32 lane j sign-extended and added (|Σ| ≤ 60960,
         * beyond int16, so not Q4_0's {@code v·65537 >> 16}), then converted. Written out here, not shared: see
         * {@link Q40Repacked}'s blockDots on polluted type profiles.
         */
        private static FloatVector blockDots(ShortVector sum) {
            IntVector pairs = sum.reinterpretAsInts();
            IntVector dots = pairs.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)
                    .add(pairs.lanewise(VectorOperators.ASHR, 16));
            return (FloatVector) dots.convert(VectorOperators.I2F, 0);
        }
    }
}
