package realizar.backend.simd;

import static realizar.backend.simd.Layouts.f16;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q4_0 weights repacked at load so that one int16 lane belongs to one block: per row, groups of 8 blocks (the last
 * padded with zero blocks), {@value #GROUP_BYTES} bytes each — 128 bytes of quants where byte {@code 16k + 2j + e}
 * is byte {@code 2k + e} of block j (its low nibble element 2k+e, its high nibble element 2k+e+16), then the 8 scales
 * d_w as float32 (@128). The quants are ggml's, only moved, so the integer dots equal {@link ScalarQuantizedKernels#q4_0}'s.
 *
 * <p>Why: with a block per lane pair, the 16 products of a lane add up in int16 across the whole group, and the
 * per-block work of the mapped kernel — pair sum, float conversion, scale broadcast, the −8 subtractions — happens
 * once per 8 blocks, on 8 blocks at a time ({@link Q40Activations} says how the −8 and the nibble mask are folded into
 * the activations). Per block: one widening load, one shift, two multiplies, two adds, instead of about seventeen
 * operations. Cost: 20 bytes per 32 weights instead of the file's 18 (+11 %), held beside the mapping.
 */
final class Q40Repacked implements Repacker {
    static final VectorSpecies<Short> SHORTS = "256".equals(System.getProperty("realizar.simd.q40.bits"))
            ? ShortVector.SPECIES_256 : ShortVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(SHORTS.vectorBitSize() / 2));
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
        for (long r = from; r < to; r++) {
            for (int g = 0; g < groups; g++) {
                long o = (r * groups + g) * GROUP_BYTES;
                for (int j = 0; j < BLOCKS; j++) {
                    int block = BLOCKS * g + j;
                    long b = (r * blocks + block) * 18;
                    for (int m = 0; m < 16; m++) {
                        byte v = block < blocks ? src.get(ValueLayout.JAVA_BYTE, b + 2 + m) : 0;
                        dst.set(ValueLayout.JAVA_BYTE, o + LANES * (m >> 1) + 2 * j + (m & 1), v);
                    }
                    dst.set(Layouts.F32, o + 16 * BLOCKS + 4 * j, block < blocks ? f16(src, b) : 0f);
                }
            }
        }
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
            for (int r0 = rowFrom; r0 < rowTo; r0 += TILE_ROWS) {
                int r1 = Math.min(rowTo, r0 + TILE_ROWS);
                for (int t = 0; t < a.n; t++) {
                    for (int r = r0; r < r1; r++) {
                        y[t * rows + r] = dot(w, r * rowBytes, c, d, t * groups, groups);
                    }
                }
            }
        }

        /**
         * One row against activation row group offset {@code g0}: per group, 16 int16 lanes accumulate
         * {@code s·c0 + (s >> 4)·c1} over the 8 quant loads (exact modulo 2^16, see {@link Q40Activations}), starting
         * from the −8 correction; adjacent lanes sum to block j's exact Σ(q − 8)·a in int32 lane j (|·| ≤ 32512, so
         * {@link Simd#pairSumSmall} suffices), which is converted and scaled by the 8 d_w·d_a at once.
         */
        private static float dot(MemorySegment w, long row, short[] c, float[] d, int g0, int groups) {
            FloatVector acc = FloatVector.zero(FLOATS);
            int x0 = g0 * Q40Activations.GROUP_SHORTS;
            for (int g = 0; g < groups; g++) {
                // Offsets computed from g itself (no second induction variable), so that C2 can range-check them once.
                int x = x0 + Q40Activations.GROUP_SHORTS * g;
                long b = row + (long) GROUP_BYTES * g;
                ShortVector sum = ShortVector.fromArray(SHORTS, c, x);
                for (int k = 0; k < 8; k++) {
                    ShortVector s = (ShortVector) ByteVector.fromMemorySegment(BYTES, w, b + LANES * k, ByteOrder.LITTLE_ENDIAN)
                            .convertShape(VectorOperators.ZERO_EXTEND_B2S, SHORTS, 0);
                    sum = sum.add(s.mul(ShortVector.fromArray(SHORTS, c, x + LANES + 2 * LANES * k))
                            .add(s.lanewise(VectorOperators.LSHR, 4).mul(ShortVector.fromArray(SHORTS, c, x + 2 * LANES + 2 * LANES * k))));
                }
                FloatVector scale = FloatVector.fromMemorySegment(FLOATS, w, b + 16 * BLOCKS, ByteOrder.LITTLE_ENDIAN)
                        .mul(FloatVector.fromArray(FLOATS, d, BLOCKS * (g0 + g)));
                // Simd.pairSumSmall, written out: a helper shared with the 256-bit kernels would see two vector shapes.
                IntVector dots = sum.reinterpretAsInts().mul(65537).lanewise(VectorOperators.ASHR, 16);
                acc = ((FloatVector) dots.convert(VectorOperators.I2F, 0)).fma(scale, acc);
            }
            return acc.reduceLanes(VectorOperators.ADD);
        }
    }
}
