package realizar.backend.simd;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The former {@code Q4KGrouped} layout (main until the f16scales branch), kept in test scope as the A/B baseline of
 * {@link BenchmarkScaleCopies} and as the reference whose scales {@link TestQ4KGrouped} compares the compact copy's
 * widened scales with, bit for bit. One change: sub-blocks sit in lane pair {@link Q4KGrouped#lane}(j), the compact
 * copy's order, which the shared activation format {@link Q4KActivations} now follows.
 *
 * <p>Q4_K weights repacked at load into {@link Q40Repacked}'s scheme: each 32-element sub-block is a Q4_0-like block of
 * unsigned nibbles with float scale d·sc_j and no −8, and its mins term −dmin·m_j·Σa_j rides along as a second float per
 * block. Per row, groups of B sub-blocks (B = 16 with 512-bit vectors, 8 with 256-bit; the last group padded with zero
 * blocks), {@code 24·B} bytes each: four steps of 2B int16 lanes (lane {@code l = 2j + e} of step k holds bytes
 * {@code m = 4k + 2e} and m+1 of sub-block j's quants in Q4_0's order: byte i holds element i, low nibble, and i + 16),
 * then the B scales d·sc_j as float32 (@16B), then the B values −dmin·m_j as float32 (@20B). Both floats are exact: an
 * f16 times a 6-bit integer. Rows 2p and 2p+1 alternate group by group, as in {@link Q40Repacked}.
 *
 * <p>The activations are ggml's Q8_K quants (one d_a per 256), regrouped by {@link Q4KActivations}
 * ({@link ActivationFormat#Q8_K_X8}) with Q4_0's coefficients {@code c_i = a_i − 16·a_(i−1)}. A lane's true total
 * Σq·a over 16 elements (0 ≤ q ≤ 15, |a| ≤ 127) is at most 30480, so the wrapping int16 sums end exact; a sub-block's
 * two lanes together reach 60960, beyond Q4_0's {@code v·65537 >> 16} pair sum, so the pair is added as two
 * sign-extended halves (once per group: two more operations per B sub-blocks). Integer dots per sub-block are exactly
 * ggml's; the mins use the activations' exact per-32 sums. Only the float summation order differs.
 *
 * <p>Cost: 24 bytes per 32 weights, 192 per 256 against the file's 144 (+33 %), held beside the mapping.
 */
final class Q4KGroupedF32 implements Repacker {
    static final VectorSpecies<Short> SHORTS = Simd.WIDE ? Simd.S512 : Simd.S256;
    private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, SHORTS.vectorShape());
    /** Sub-blocks per group: one lane pair per sub-block. */
    static final int BLOCKS = SHORTS.length() / 2;
    static final int LANES = 2 * BLOCKS;
    static final int GROUP_BYTES = 24 * BLOCKS;
    /** Weight rows per prefill tile (as {@link RowDotKernel}): they stay in L1 while the activation rows pass. */
    private static final int TILE_ROWS = 4;

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
     * Row by row through heap arrays (one bulk copy in per row, one out per group), the nibbles moved a word at a time
     * by {@link Q4KRepacked#repackNibbles}: byte by byte, segment or array, the copy ran at 0.5 GB/s per thread.
     */
    @Override
    public void repack(MemorySegment src, MemorySegment dst, int cols, int from, int to) {
        int supers = cols / 256;
        int blocks = cols / 32;
        int groups = Q4KActivations.groups(cols);
        int rows = Math.toIntExact(dst.byteSize() / ((long) groups * GROUP_BYTES));
        int words = Q4KRepacked.BLOCK_BYTES / 8;
        long[] in = new long[supers * words];
        long[] nibbles = new long[16];
        long[] scales = new long[2];
        int[] out = new int[groups * GROUP_BYTES / 4];
        for (int r = from; r < to; r++) {
            MemorySegment.copy(src, Layouts.I64, (long) r * supers * Q4KRepacked.BLOCK_BYTES, in, 0, in.length);
            // Padding sub-blocks of the last group stay zero: quants, scale and min.
            java.util.Arrays.fill(out, 0);
            for (int sb = 0; sb < supers; sb++) {
                int b = sb * words;
                // Sub-block s's 16 quant bytes in Q4_0's order (byte i: element i low, i + 16 high) at nibbles[2s..2s+1].
                Q4KRepacked.repackNibbles(in, b + 2, nibbles, 0);
                // Eight 6-bit scales, then eight mins, one per byte (ggml's get_scale_min_k4), in two words.
                Q4KRepacked.repackScales(in, b, scales, 0);
                float d = Float.float16ToFloat((short) in[b]);
                float dmin = Float.float16ToFloat((short) (in[b] >>> 16));
                for (int sub = 0; sub < 8; sub++) {
                    int block = 8 * sb + sub;
                    int o = GROUP_BYTES / 4 * (block / BLOCKS);
                    int j = Q4KGrouped.lane(block % BLOCKS);
                    // Quant bytes 4k..4k+3 are lanes 2j and 2j+1 of step k: one int each.
                    for (int k = 0; k < 4; k++) {
                        out[o + LANES / 2 * k + j] = (int) (nibbles[2 * sub + (k >> 1)] >>> (32 * (k & 1)));
                    }
                    out[o + 4 * BLOCKS + j] = Float.floatToRawIntBits(d * (int) (scales[0] >>> 8 * sub & 0x3F));
                    out[o + 5 * BLOCKS + j] = Float.floatToRawIntBits(-dmin * (int) (scales[1] >>> 8 * sub & 0x3F));
                }
            }
            long start = start(r, groups);
            long stride = stride(r, rows);
            for (int g = 0; g < groups; g++) {
                MemorySegment.copy(out, GROUP_BYTES / 4 * g, dst, Layouts.I32, start + stride * g, GROUP_BYTES / 4);
            }
        }
    }

    /** Where row r's first group lies (as {@link Q40Repacked#start}). */
    static long start(int r, int groups) {
        return (r & ~1) * (long) groups * GROUP_BYTES + (r & 1) * GROUP_BYTES;
    }

    /** Bytes from one group of row r to its next. */
    static long stride(int r, int rows) {
        return (r & 1) == 0 && r + 1 == rows ? GROUP_BYTES : 2L * GROUP_BYTES;
    }

    private static final class Kernel implements MatmulKernel {
        @Override
        public ActivationFormat activationFormat() {
            return ActivationFormat.Q8_K_X8;
        }

        @Override
        public void multiply(MemorySegment w, int rows, int cols, Activations a, float[] y, int rowFrom, int rowTo) {
            int groups = Q4KActivations.groups(cols);
            long rowBytes = (long) groups * GROUP_BYTES;
            short[] c = a.q4k.c;
            float[] d = a.q4k.d;
            float[] s = a.q4k.s;
            for (int r0 = rowFrom, r1; r0 < rowTo; r0 = r1) {
                r1 = Math.min(rowTo, (r0 + TILE_ROWS) & ~1);
                for (int t = 0; t < a.n; t++) {
                    for (int r = r0; r < r1; ) {
                        if ((r & 1) == 0 && r + 1 < r1) {
                            dot2(w, r * rowBytes, c, d, t * groups, groups, y, t * rows + r);
                            y[t * rows + r] += mins(w, start(r, groups), stride(r, rows), d, s, t * groups, groups);
                            y[t * rows + r + 1] += mins(w, start(r + 1, groups), stride(r + 1, rows), d, s, t * groups, groups);
                            r += 2;
                        } else {
                            y[t * rows + r] = dot(w, start(r, groups), stride(r, rows), c, d, t * groups, groups)
                                    + mins(w, start(r, groups), stride(r, rows), d, s, t * groups, groups);
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
        private static float dot(MemorySegment w, long row, long stride, short[] c, float[] d, int g0, int groups) {
            FloatVector acc = FloatVector.zero(FLOATS);
            for (int g = 0; g < groups; g++) {
                int x = (g0 + g) * Q4KActivations.GROUP_SHORTS;
                long b = row + stride * g;
                ShortVector sum = step(ShortVector.fromMemorySegment(SHORTS, w, b, ByteOrder.LITTLE_ENDIAN), c, x);
                for (int k = 1; k < 4; k++) {
                    ShortVector v = ShortVector.fromMemorySegment(SHORTS, w, b + 2L * LANES * k, ByteOrder.LITTLE_ENDIAN);
                    sum = sum.add(step(v, c, x + 4 * LANES * k));
                }
                FloatVector scale = FloatVector.fromMemorySegment(FLOATS, w, b + 16 * BLOCKS, ByteOrder.LITTLE_ENDIAN)
                        .mul(FloatVector.fromArray(FLOATS, d, BLOCKS * (g0 + g)));
                acc = blockDots(sum).fma(scale, acc);
            }
            return acc.reduceLanes(VectorOperators.ADD);
        }

        /**
         * One row's mins part, Σ_j (−dmin·m_j)·d_a·Σa_j, in a method of its own: inside {@link #dot2} it pushed C2 past
         * its inlining budget (NodeCountInliningCutoff on blockDots: every vector boxed, 2× slower). Only floats cross
         * the call, so nothing is boxed; the row pair's mins are still in L1.
         */
        private static float mins(MemorySegment w, long row, long stride, float[] d, float[] s, int g0, int groups) {
            FloatVector acc = FloatVector.zero(FLOATS);
            for (int g = 0; g < groups; g++) {
                int i = BLOCKS * (g0 + g);
                FloatVector mins = FloatVector.fromMemorySegment(FLOATS, w, row + stride * g + 20 * BLOCKS, ByteOrder.LITTLE_ENDIAN)
                        .mul(FloatVector.fromArray(FLOATS, d, i));
                acc = FloatVector.fromArray(FLOATS, s, i).fma(mins, acc);
            }
            return acc.reduceLanes(VectorOperators.ADD);
        }

        /** {@link #dot} for the row pair whose groups alternate from {@code pair} into {@code y[i]}, {@code y[i+1]}. */
        private static void dot2(MemorySegment w, long pair, short[] c, float[] d, int g0, int groups, float[] y, int i) {
            FloatVector acc0 = FloatVector.zero(FLOATS);
            FloatVector acc1 = FloatVector.zero(FLOATS);
            for (int g = 0; g < groups; g++) {
                int x = (g0 + g) * Q4KActivations.GROUP_SHORTS;
                long b = pair + 2L * GROUP_BYTES * g;
                ShortVector sum0 = ShortVector.zero(SHORTS);
                ShortVector sum1 = sum0;
                for (int k = 0; k < 4; k++) {
                    int xk = x + 4 * LANES * k;
                    ShortVector c0 = ShortVector.fromArray(SHORTS, c, xk);
                    ShortVector c1 = ShortVector.fromArray(SHORTS, c, xk + LANES);
                    ShortVector c2 = ShortVector.fromArray(SHORTS, c, xk + 2 * LANES);
                    ShortVector c3 = ShortVector.fromArray(SHORTS, c, xk + 3 * LANES);
                    ShortVector v0 = ShortVector.fromMemorySegment(SHORTS, w, b + 2L * LANES * k, ByteOrder.LITTLE_ENDIAN);
                    ShortVector v1 = ShortVector.fromMemorySegment(SHORTS, w, b + GROUP_BYTES + 2L * LANES * k, ByteOrder.LITTLE_ENDIAN);
                    sum0 = sum0.add(v0.mul(c0).add(v0.lanewise(VectorOperators.LSHR, 4).mul(c1))
                            .add(v0.lanewise(VectorOperators.LSHR, 8).mul(c2).add(v0.lanewise(VectorOperators.LSHR, 12).mul(c3))));
                    sum1 = sum1.add(v1.mul(c0).add(v1.lanewise(VectorOperators.LSHR, 4).mul(c1))
                            .add(v1.lanewise(VectorOperators.LSHR, 8).mul(c2).add(v1.lanewise(VectorOperators.LSHR, 12).mul(c3))));
                }
                FloatVector da = FloatVector.fromArray(FLOATS, d, BLOCKS * (g0 + g));
                FloatVector scale0 = FloatVector.fromMemorySegment(FLOATS, w, b + 16 * BLOCKS, ByteOrder.LITTLE_ENDIAN).mul(da);
                FloatVector scale1 = FloatVector.fromMemorySegment(FLOATS, w, b + GROUP_BYTES + 16 * BLOCKS, ByteOrder.LITTLE_ENDIAN).mul(da);
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
