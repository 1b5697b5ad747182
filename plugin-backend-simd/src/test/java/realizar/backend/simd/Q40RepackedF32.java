package realizar.backend.simd;

import static realizar.backend.simd.Layouts.f16;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The former {@code Q40Repacked} layout (f32 scales, 20 bytes per 32; main until the f16scales branch), kept in test
 * scope as the A/B baseline of {@link BenchmarkScaleCopies} and the reference {@link TestQ40Repacked} compares the
 * f16-scale copy with.
 *
 * <p>Q4_0 weights repacked at load so that one int16 lane pair belongs to one block: per row, groups of B blocks (B = 16
 * with 512-bit vectors, 8 with 256-bit; the last group padded with zero blocks), {@code 20·B} bytes each — four
 * steps of 2B int16 lanes, where lane {@code l = 2j + e} of step k holds quant bytes {@code m = 4k + 2e} and m+1 of
 * block j (little-endian, as in the file), then the B scales d_w as float32 (@16B). Rows 2p and 2p+1 alternate group by
 * group ({@link #start}), so the two-row kernel streams one sequential range (two streams restarting every row pair
 * ran 2.2× slower from DRAM). The quants are ggml's, only moved, so the integer dots equal
 * {@link ScalarQuantizedKernels#q4_0}'s.
 *
 * <p>Why: with a block per lane pair, a lane's 16 products add up in int16 across the whole group, and the per-block
 * work of the mapped kernel — pair sum, float conversion, scale broadcast, the −8 subtractions, the nibble masks —
 * happens once per group, for B blocks at a time ({@link Q40Activations} says how the −8 and the masks are folded into
 * the per-call activations). Per 32 weights: a quarter load, three quarters of a shift, two multiplies and two adds,
 * against about seventeen operations in the mapped kernel. Cost: 20 bytes per 32 weights instead of the file's 18
 * (+11 %), held beside the mapping.
 */
final class Q40RepackedF32 implements Repacker {
    /** 512-bit where the CPU has AVX-512 ({@link Simd#WIDE}): 1.6× the 256-bit layout on Zen 4, single thread. */
    static final VectorSpecies<Short> SHORTS = Simd.WIDE ? Simd.S512 : Simd.S256;
    private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, SHORTS.vectorShape());
    /** Blocks per group: one lane pair per block (and nothing here reads Q40Activations' constants: init order). */
    static final int BLOCKS = SHORTS.length() / 2;
    static final int LANES = 2 * BLOCKS;
    static final int GROUP_BYTES = 20 * BLOCKS;
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
            long start = start(r, groups);
            long stride = stride(r, rows);
            for (int g = 0; g < groups; g++) {
                long o = start + stride * g;
                for (int j = 0; j < BLOCKS; j++) {
                    int block = BLOCKS * g + j;
                    boolean real = block < blocks;
                    long b = (r * blocks + block) * 18;
                    // Quant bytes 4k..4k+3 are lanes 2j and 2j+1 of step k: one int each.
                    for (int k = 0; k < 4; k++) {
                        dst.set(Layouts.I32, o + 2L * LANES * k + 4 * j, real ? src.get(Layouts.I32, b + 2 + 4 * k) : 0);
                    }
                    dst.set(Layouts.F32, o + 16 * BLOCKS + 4 * j, real ? f16(src, b) : 0f);
                }
            }
        }
    }

    /**
     * Where row r's first group lies: rows 2p and 2p+1 alternate group by group (so the two-row kernel reads one
     * sequential stream), and an odd last row has its groups to itself.
     */
    static long start(int r, int groups) {
        return (r & ~1) * (long) groups * GROUP_BYTES + (r & 1) * GROUP_BYTES;
    }

    /** Bytes from one group of row r to its next (see {@link #start}). */
    static long stride(int r, int rows) {
        return (r & 1) == 0 && r + 1 == rows ? GROUP_BYTES : 2L * GROUP_BYTES;
    }

    private static final class Kernel implements MatmulKernel {
        @Override
        public ActivationFormat activationFormat() {
            return ActivationFormat.Q8_0_X8;
        }

        @Override
        public void multiply(MemorySegment w, int rows, int cols, Activations a, float[] y, int rowFrom, int rowTo) {
            int groups = Q40Activations.groups(cols);
            long rowBytes = (long) groups * GROUP_BYTES;
            short[] c = a.q40.c;
            float[] d = a.q40.d;
            // Tiles end on even rows, so that row pairs stay whole; a range may still start or end inside a pair.
            for (int r0 = rowFrom, r1; r0 < rowTo; r0 = r1) {
                r1 = Math.min(rowTo, (r0 + TILE_ROWS) & ~1);
                for (int t = 0; t < a.n; t++) {
                    for (int r = r0; r < r1; ) {
                        if ((r & 1) == 0 && r + 1 < r1) {
                            dot2(w, r * rowBytes, c, d, t * groups, groups, y, t * rows + r);
                            r += 2;
                        } else {
                            y[t * rows + r] = dot(w, start(r, groups), stride(r, rows), c, d, t * groups, groups);
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
        private static float dot(MemorySegment w, long row, long stride, short[] c, float[] d, int g0, int groups) {
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
                FloatVector scale = FloatVector.fromMemorySegment(FLOATS, w, b + 16 * BLOCKS, ByteOrder.LITTLE_ENDIAN)
                        .mul(FloatVector.fromArray(FLOATS, d, BLOCKS * (g0 + g)));
                acc = blockDots(sum).fma(scale, acc);
            }
            return acc.reduceLanes(VectorOperators.ADD);
        }

        /**
         * {@link #dot} for the row pair whose groups alternate from {@code pair} into {@code y[i]}, {@code y[i+1]}: each
         * activation vector loaded once, the weights read as one sequential stream.
         */
        private static void dot2(MemorySegment w, long pair, short[] c, float[] d, int g0, int groups, float[] y, int i) {
            FloatVector acc0 = FloatVector.zero(FLOATS);
            FloatVector acc1 = FloatVector.zero(FLOATS);
            for (int g = 0; g < groups; g++) {
                int x = (g0 + g) * Q40Activations.GROUP_SHORTS;
                long b = pair + 2L * GROUP_BYTES * g;
                ShortVector sum0 = ShortVector.fromArray(SHORTS, c, x);
                ShortVector sum1 = sum0;
                for (int k = 0; k < 4; k++) {
                    int xk = x + LANES + 4 * LANES * k;
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
