package realizar.backend.simd;

import static realizar.backend.simd.Simd.pairSumSmall;
import static realizar.backend.simd.Simd.q16;
import static realizar.backend.simd.Simd.toFloat;
import static realizar.backend.simd.Simd.widen16u;
import static realizar.backend.simd.VectorKQuantKernels.minsK4;
import static realizar.backend.simd.VectorKQuantKernels.scalesK4;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q4_K weights repacked at load into a layout the kernel streams without decoding scales: per 256-element super-block,
 * {@value #BLOCK_BYTES} bytes — the file's size, so 16-byte loads stay aligned and the copy costs exactly what the
 * mapped matrix does:
 * <ul>
 *   <li>@0: qs. For the 256-bit kernel 16 bytes per 32-element sub-block, byte l holding element l (low nibble) and
 *       l + 16 (high nibble), as Q4_0 does: one zero-extending load, one mask and one shift give both halves. For the
 *       512-bit kernel ({@link Simd#WIDE}) the file's order, whose 32-byte chunks widen to 32 lanes holding two whole
 *       sub-blocks;</li>
 *   <li>@128: the eight 6-bit sub-block scales, one per byte, d's f16 bits spread over their top two bits;</li>
 *   <li>@136: the eight 6-bit mins likewise, with dmin's bits.</li>
 * </ul>
 * The values are the file's, bit for bit (d and dmin as raw f16 bits, so NaN payloads and -0 survive).
 *
 * <p>Why: the mapped kernel spends per super-block ~25 % of its time on the mins (a scalar chain of eight
 * multiply-adds), ~5 % decoding the packed 6-bit scales, ~20 % multiplying int32 lanes by the scales
 * ({@code vpmulld}) and a horizontal reduction (measured by removing each, single-thread, 4096 × 4096 in cache). Here
 * each sub-block's exact integer dot is converted to float and scaled by d_a·d·scale in one FMA, as Q4_0's kernel
 * does per block; the mins are one vector multiply of the eight min bytes with the activations' per-32 sums (exact
 * integers, as ggml's {@code bsums} sum), and a row takes one horizontal reduction. The eight d_a·d·scale floats of a
 * super-block go through memory (one vector store, then a broadcast load per sub-block): the scalar path per
 * sub-block (shift, mask, int→float, multiply, broadcast) cost 13 % (512-bit body) and 8 % (256-bit). Measured 1.95×
 * the mapped kernel with the 512-bit body (1,877 → 956–965 µs single-thread, 4096 × 4096 and 2048 × 8192 in cache),
 * 1.9× with the 256-bit one (979–993 µs); Q4_0 takes 885–897 µs for as many elements. Only the float summation order
 * differs from ggml's (each sub-block's integer dot is scaled in float instead of summing scale × dot in int32).
 *
 * <p>Cost: a copy the size of the mapped matrix, beside it (the mapping's pages, read once at load, stay only as
 * reclaimable page cache), and one pass over the weights at load (~5 GB/s per thread once compiled).
 * {@link SimdDevice#weights} uses it for Q4_K unless {@code -Drealizar.simd.repack=false}.
 */
final class Q4KRepacked implements Repacker {
    static final int BLOCK_BYTES = 144;
    private static final long LOW_NIBBLES = 0x0F0F0F0F0F0F0F0FL;
    /** The top two bits of each scale/min byte: where d (dmin) keeps its 16 f16 bits. */
    private static final long HIGH_BITS = 0xC0C0C0C0C0C0C0C0L;

    private final boolean wide;
    private final MatmulKernel kernel;

    /** The copy for the 512-bit kernel ({@code wide}: qs in the file's order) or the 256-bit one (Q4_0's order). */
    Q4KRepacked(boolean wide) {
        this.wide = wide;
        this.kernel = wide ? wideKernel() : narrowKernel();
    }

    @Override
    public long bytes(long rows, long cols) {
        return rows * (cols / 256) * BLOCK_BYTES;
    }

    @Override
    public MatmulKernel kernel() {
        return kernel;
    }

    @Override
    public void repack(MemorySegment src, MemorySegment dst, int cols, int from, int to) {
        boolean fileOrder = wide;
        inChunks(src, dst, (long) from * (cols / 256), (long) to * (cols / 256), BLOCK_BYTES / 8, (in, out, k) -> {
            if (fileOrder) {
                System.arraycopy(in, k + 2, out, k, 16);
            } else {
                repackNibbles(in, k + 2, out, k);
            }
            repackScales(in, k, out, k + 16);
        });
    }

    /** One super-block's conversion between the file's and the copy's words (little-endian longs) at word {@code k}. */
    @FunctionalInterface
    interface BlockRepacker {
        void repack(long[] in, long[] out, int k);
    }

    /** Super-blocks per bulk copy: the arrays stay in L1. */
    private static final int CHUNK = 64;

    /**
     * Repacks super-blocks {@code [first, end)} whose file and copy sizes are both {@code words} longs, through heap
     * arrays: one bulk copy in and one out per chunk, and plain array arithmetic between — fast from the first call,
     * where per-word segment accesses run for hundreds of milliseconds in the interpreter before C2 compiles them.
     */
    static void inChunks(MemorySegment src, MemorySegment dst, long first, long end, int words, BlockRepacker block) {
        long[] in = new long[CHUNK * words];
        long[] out = new long[CHUNK * words];
        for (long blk = first; blk < end; blk += CHUNK) {
            int n = (int) Math.min(CHUNK, end - blk);
            MemorySegment.copy(src, Layouts.I64, 8 * words * blk, in, 0, n * words);
            for (int k = 0; k < n * words; k += words) {
                block.repack(in, out, k);
            }
            MemorySegment.copy(out, 0, dst, Layouts.I64, 8 * words * blk, n * words);
        }
    }

    /**
     * The 16 words of qs from word {@code qs} of {@code in} into one 16-byte group per sub-block from word {@code o} of
     * {@code out}: in the file, 32 bytes hold elements l and l + 16 of sub-blocks 2c (low nibbles) and 2c + 1 (high
     * nibbles) at bytes l and l + 16; in the copy, byte l of sub-block s holds its element l (low nibble) and l + 16
     * (high nibble), as Q4_0 does.
     */
    static void repackNibbles(long[] in, int qs, long[] out, int o) {
        for (int c = 0; c < 4; c++) {
            for (int k = 0; k < 2; k++) {
                long first = in[qs + 4 * c + k];
                long second = in[qs + 4 * c + 2 + k];
                out[o + 4 * c + k] = (first & LOW_NIBBLES) | (second & LOW_NIBBLES) << 4;
                out[o + 4 * c + 2 + k] = (first >>> 4 & LOW_NIBBLES) | (second & ~LOW_NIBBLES);
            }
        }
    }

    /**
     * d, dmin and the twelve bytes of 6-bit scales/mins (words {@code b}, {@code b + 1} of {@code in}: the first 16
     * bytes of a Q4_K/Q5_K super-block) into words {@code o}, {@code o + 1} of {@code out}: eight scale bytes, then
     * eight min bytes, each with d's (dmin's) f16 bits spread over their top two bits.
     */
    static void repackScales(long[] in, int b, long[] out, int o) {
        int u0 = (int) (in[b] >>> 32);
        int u1 = (int) in[b + 1];
        int u2 = (int) (in[b + 1] >>> 32);
        out[o] = scalesK4(u0, u1, u2) | Long.expand(in[b] & 0xFFFFL, HIGH_BITS);
        out[o + 1] = minsK4(u0, u1, u2) | Long.expand(in[b] >>> 16 & 0xFFFFL, HIGH_BITS);
    }

    /** The f16 value spread over the top two bits of the eight bytes of {@code packed} by {@link #repackScales}. */
    static float halfFromTopBits(long packed) {
        return Float.float16ToFloat((short) Long.compress(packed, HIGH_BITS));
    }

    /**
     * The kernel over the copy: per sub-block, 16 int16 products q·a (0 ≤ q ≤ 15, |a| ≤ 127: pairs within
     * 2·2·15·127 = 7620, so {@link Simd#pairSumSmall} is exact), converted to float and added with weight
     * d_a·d·scale into one accumulator; the mins' share, d_a·dmin·Σ_j min_j·Σa_j (|min·Σa| ≤ 63·32·127 &lt; 2^24, exact
     * in float), into a second. One call site per vector operation in one loop body of 32 elements: a 64-element body
     * exceeded C2's inlining budget (3× slower).
     */
    static MatmulKernel narrowKernel() {
        return new RowDotKernel(ActivationFormat.Q8_K, 256, BLOCK_BYTES) {
            @Override
            float dot(MemorySegment w, long row, Activations a, int t, int cols) {
                return dot(w, row, a, t, cols, scratch());
            }

            @Override
            float dot(MemorySegment w, long row, Activations a, int t, int cols, float[] scales) {
                int blocks = cols / 256;
                short[] q = a.q;
                FloatVector acc0 = FloatVector.zero(Simd.F256);
                FloatVector acc1 = FloatVector.zero(Simd.F256);
                int x = t * cols;
                for (int i = 0; i < blocks; i++, x += 256) {
                    long b = row + (long) BLOCK_BYTES * i;
                    float da = a.d[t * blocks + i];
                    long sc = w.get(Layouts.I64, b + 128);
                    float dd = da * halfFromTopBits(sc);
                    float dm = da * halfFromTopBits(w.get(Layouts.I64, b + 136));
                    IntVector mins = (IntVector) ByteVector.fromMemorySegment(ByteVector.SPECIES_64, w, b + 136, ByteOrder.LITTLE_ENDIAN)
                            .convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I256, 0);
                    mins = mins.and(0x3F);
                    IntVector msum = mins.mul(IntVector.fromArray(Simd.I256, a.sums32, x / 32));
                    acc1 = toFloat(msum).fma(FloatVector.broadcast(Simd.F256, -dm), acc1);
                    toFloat(((IntVector) ByteVector.fromMemorySegment(ByteVector.SPECIES_64, w, b + 128, ByteOrder.LITTLE_ENDIAN)
                            .convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I256, 0)).and(0x3F)).mul(dd).intoArray(scales, 0);
                    for (int sub = 0; sub < 8; sub++) {
                        int xs = x + 32 * sub;
                        ShortVector v = widen16u(w, b + 16 * sub);
                        ShortVector p = v.and((short) 0xF).mul(q16(q, xs)).add(v.lanewise(VectorOperators.LSHR, 4).mul(q16(q, xs + 16)));
                        acc0 = toFloat(pairSumSmall(p)).fma(FloatVector.broadcast(Simd.F256, scales[sub]), acc0);
                    }
                }
                return acc0.add(acc1).reduceLanes(VectorOperators.ADD);
            }
        };
    }

    /**
     * The 512-bit kernel ({@link Simd#WIDE}) over the copy with qs in the file's order: 32 bytes widen to 32 int16 lanes
     * whose low nibbles are sub-block 2c and high nibbles sub-block 2c + 1, each one product with 32 consecutive
     * activations, one pair sum and one FMA: half the instructions of the 256-bit body per element.
     */
    static MatmulKernel wideKernel() {
        // No shared vector helpers (Simd.pairSumSmall, Simd.toFloat) in this body: called with 512- and 256-bit
        // vectors, such a helper gets compiled on its own into a big method that C2 then refuses to inline here
        // ("already compiled into a big method"), boxing every vector: measured 73x slower prefill after Q6_K's.
        return new RowDotKernel(ActivationFormat.Q8_K, 256, BLOCK_BYTES) {
            @Override
            float dot(MemorySegment w, long row, Activations a, int t, int cols) {
                return dot(w, row, a, t, cols, scratch());
            }

            @Override
            float dot(MemorySegment w, long row, Activations a, int t, int cols, float[] scales) {
                int blocks = cols / 256;
                short[] q = a.q;
                FloatVector acc = FloatVector.zero(Simd.F512);
                FloatVector accMins = FloatVector.zero(Simd.F256);
                int x = t * cols;
                for (int i = 0; i < blocks; i++, x += 256) {
                    long b = row + (long) BLOCK_BYTES * i;
                    float da = a.d[t * blocks + i];
                    long sc = w.get(Layouts.I64, b + 128);
                    float dd = da * halfFromTopBits(sc);
                    float dm = da * halfFromTopBits(w.get(Layouts.I64, b + 136));
                    IntVector mins = ((IntVector) ByteVector.fromMemorySegment(ByteVector.SPECIES_64, w, b + 136, ByteOrder.LITTLE_ENDIAN)
                            .convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I256, 0)).and(0x3F);
                    accMins = ((FloatVector) mins.mul(IntVector.fromArray(Simd.I256, a.sums32, x / 32)).convert(VectorOperators.I2F, 0)).fma(FloatVector.broadcast(Simd.F256, -dm), accMins);
                    // d_a·d·scale_j for j < 8, through memory: a broadcast from memory is a load, where the scalar path
                    // (shift, mask, int->float, multiply) cost 30 % of the time. 256 bits on purpose: a 512-bit store put
                    // Float512Vector into FloatVector.intoArray's shared type profile, and the 256-bit prefill tile's
                    // stores then failed to intrinsify (every vector boxed: 10× slower).
                    ((FloatVector) ((IntVector) ByteVector.fromMemorySegment(ByteVector.SPECIES_64, w, b + 128, ByteOrder.LITTLE_ENDIAN)
                            .convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I256, 0)).and(0x3F).convert(VectorOperators.I2F, 0)).mul(dd).intoArray(scales, 0);
                    for (int c = 0; c < 4; c++) {
                        int xs = x + 64 * c;
                        ShortVector v = (ShortVector) ByteVector.fromMemorySegment(Simd.B256, w, b + 32 * c, ByteOrder.LITTLE_ENDIAN)
                                .convertShape(VectorOperators.ZERO_EXTEND_B2S, Simd.S512, 0);
                        ShortVector lo = v.and((short) 0xF).mul(ShortVector.fromArray(Simd.S512, q, xs));
                        ShortVector hi = v.lanewise(VectorOperators.LSHR, 4).mul(ShortVector.fromArray(Simd.S512, q, xs + 32));
                        acc = ((FloatVector) lo.reinterpretAsInts().mul(65537).lanewise(VectorOperators.ASHR, 16).convert(VectorOperators.I2F, 0)).fma(FloatVector.broadcast(Simd.F512, scales[2 * c]), acc);
                        acc = ((FloatVector) hi.reinterpretAsInts().mul(65537).lanewise(VectorOperators.ASHR, 16).convert(VectorOperators.I2F, 0)).fma(FloatVector.broadcast(Simd.F512, scales[2 * c + 1]), acc);
                    }
                }
                return acc.reduceLanes(VectorOperators.ADD) + accMins.reduceLanes(VectorOperators.ADD);
            }
        };
    }
}
