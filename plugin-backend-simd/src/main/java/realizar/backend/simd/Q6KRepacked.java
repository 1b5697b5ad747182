package realizar.backend.simd;

import static realizar.backend.simd.Layouts.f16;
import static realizar.backend.simd.Layouts.i8;
import static realizar.backend.simd.Layouts.u8;
import static realizar.backend.simd.Simd.pairSumSmall;
import static realizar.backend.simd.Simd.q16;
import static realizar.backend.simd.Simd.widen16;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

/**
 * Q6_K weights repacked at load into a layout the Vector API reads without bit surgery: per 256-element super-block,
 * the 256 values q - 32 as int8 in element order (@0), the 16 int8 sub-block scales (@256), d as float32 (@272), padded
 * to {@value #BLOCK_BYTES} bytes so 16-byte loads never straddle a cache line. The values are exactly those of
 * ggml's {@code dequantize_row_q6_K} before scaling, so the integer sums equal the no-copy kernel's and
 * {@link ScalarQuantizedKernels#q6_K}'s.
 *
 * <p>Why: the mapped layout needs four loads, eight shifts/masks and two ors per 32 elements to assemble the 6-bit
 * values; the repacked one needs two loads. Cost: 288 bytes per super-block instead of 210 (+37 %), held beside the
 * mapping. {@link SimdDevice#weights} uses it for Q6_K unless {@code -Drealizar.simd.repack=false}.
 */
final class Q6KRepacked implements Repacker {
    static final int BLOCK_BYTES = 288;

    private final MatmulKernel kernel = Simd.WIDE ? wideKernel() : narrowKernel();

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
        int blocks = cols / 256;
        for (long blk = (long) from * blocks; blk < (long) to * blocks; blk++) {
            long b = blk * 210;
            long o = blk * BLOCK_BYTES;
            for (int n = 0; n < 2; n++) {
                for (int l = 0; l < 32; l++) {
                    int h = u8(src, b + 128 + 32 * n + l);
                    int lo = u8(src, b + 64 * n + l);
                    int hi = u8(src, b + 64 * n + 32 + l);
                    long e = o + 128 * n + l;
                    dst.set(ValueLayout.JAVA_BYTE, e, (byte) (((lo & 0xF) | ((h & 3) << 4)) - 32));
                    dst.set(ValueLayout.JAVA_BYTE, e + 32, (byte) (((hi & 0xF) | (((h >>> 2) & 3) << 4)) - 32));
                    dst.set(ValueLayout.JAVA_BYTE, e + 64, (byte) (((lo >>> 4) | (((h >>> 4) & 3) << 4)) - 32));
                    dst.set(ValueLayout.JAVA_BYTE, e + 96, (byte) (((hi >>> 4) | (((h >>> 6) & 3) << 4)) - 32));
                }
            }
            for (int sub = 0; sub < 16; sub++) {
                dst.set(ValueLayout.JAVA_BYTE, o + 256 + sub, (byte) i8(src, b + 192 + sub));
            }
            dst.set(Layouts.F32, o + 272, f16(src, b + 208));
        }
    }

    /**
     * The 256-bit kernel over the repacked layout: per 32 elements two int16 products (|q - 32|·|a| ≤ 32·127 = 4064,
     * pairs 8128), widened and multiplied by the two sub-block scales; a super-block sums in int32 lanes (&lt; 2^25; the
     * float conversion rounds by at most 2^-24) and is folded into a float accumulator with d_w·d_a, so a row takes one
     * horizontal reduction.
     */
    static MatmulKernel narrowKernel() {
        return new Kernel() {
            @Override
            float dot(MemorySegment w, long row, Activations a, int t, int cols) {
                int blocks = cols / 256;
                short[] q = a.q;
                FloatVector acc = FloatVector.zero(Simd.F256);
                int x = t * cols;
                for (int i = 0; i < blocks; i++, x += 256) {
                    long b = row + (long) BLOCK_BYTES * i;
                    IntVector isum = IntVector.zero(Simd.I256);
                    // The sixteen int8 scales in two reads: each segment read carries a bounds check that C2 does
                    // not hoist out of this loop (a read per chunk was measured at ~40 % of the kernel's samples).
                    long scLo = w.get(Layouts.I64, b + 256);
                    long scHi = w.get(Layouts.I64, b + 264);
                    for (int c = 0; c < 8; c++) {
                        long sc = (c & 4) == 0 ? scLo : scHi;
                        int shift = 16 * (c & 3);
                        ShortVector p0 = widen16(w, b + 32 * c).mul(q16(q, x + 32 * c));
                        ShortVector p1 = widen16(w, b + 32 * c + 16).mul(q16(q, x + 32 * c + 16));
                        isum = isum.add(pairSumSmall(p0).mul((byte) (sc >>> shift))).add(pairSumSmall(p1).mul((byte) (sc >>> (shift + 8))));
                    }
                    float scale = a.d[t * blocks + i] * w.get(Layouts.F32, b + 272);
                    acc = Simd.toFloat(isum).fma(FloatVector.broadcast(Simd.F256, scale), acc);
                }
                return acc.reduceLanes(VectorOperators.ADD);
            }
        };
    }

    /**
     * The same sums with 512-bit vectors ({@link Simd#WIDE}): a 32-element chunk is one load widened to 32 int16
     * lanes, one product, one pair sum into 16 int32 lanes (lanes 0–7 sub-block 2c, 8–15 sub-block 2c+1), times the
     * two scales spread by one permute of the super-block's sixteen scales (loaded and widened once). About half the
     * instructions of the 256-bit body; measured 1.3× faster per element on Zen 4 (387 → 284 µs, 1024×4096
     * in cache, single thread), where 512-bit ops run as two halves: this kernel is bound by issue, not execution.
     */
    static MatmulKernel wideKernel() {
        return new Kernel() {
            @Override
            float dot(MemorySegment w, long row, Activations a, int t, int cols) {
                int blocks = cols / 256;
                short[] q = a.q;
                FloatVector acc = FloatVector.zero(Simd.F512);
                int x = t * cols;
                for (int i = 0; i < blocks; i++, x += 256) {
                    long b = row + (long) BLOCK_BYTES * i;
                    IntVector scales = (IntVector) ByteVector.fromMemorySegment(Simd.B128, w, b + 256, ByteOrder.LITTLE_ENDIAN)
                            .convertShape(VectorOperators.B2I, Simd.I512, 0);
                    IntVector isum = IntVector.zero(Simd.I512);
                    for (int c = 0; c < 8; c++) {
                        ShortVector wv = (ShortVector) ByteVector.fromMemorySegment(Simd.B256, w, b + 32 * c, ByteOrder.LITTLE_ENDIAN)
                                .convertShape(VectorOperators.B2S, Simd.S512, 0);
                        ShortVector p = wv.mul(ShortVector.fromArray(Simd.S512, q, x + 32 * c));
                        isum = isum.add(Simd.pairSumSmallWide(p).mul(scales.rearrange(SCALE_PAIRS[c])));
                    }
                    float scale = a.d[t * blocks + i] * w.get(Layouts.F32, b + 272);
                    acc = Simd.toFloatWide(isum).fma(FloatVector.broadcast(Simd.F512, scale), acc);
                }
                return acc.reduceLanes(VectorOperators.ADD);
            }
        };
    }

    /** Chunk c's permute of the sixteen scales: lanes 0–7 take scale 2c, lanes 8–15 scale 2c+1. */
    private static final VectorShuffle<Integer>[] SCALE_PAIRS = scalePairs();

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Integer>[] scalePairs() {
        VectorShuffle<Integer>[] shuffles = new VectorShuffle[8];
        for (int c = 0; c < 8; c++) {
            int[] lanes = new int[16];
            for (int l = 0; l < 16; l++) {
                lanes[l] = 2 * c + l / 8;
            }
            shuffles[c] = VectorShuffle.fromArray(Simd.I512, lanes, 0);
        }
        return shuffles;
    }

    /** Both widths share the two-row prefill body ({@link #pairBlock}); each has its own {@code dot} for C2's budget. */
    private abstract static class Kernel extends RowDotKernel {
        Kernel() {
            super(ActivationFormat.Q8_K, 256, BLOCK_BYTES);
        }

        @Override
        boolean pairs() {
            return true;
        }

        @Override
        void dot2(MemorySegment w, long row, Activations a, int t0, int cols, float[] y, int rows, int r) {
            int blocks = cols / 256;
            float sum0 = 0;
            float sum1 = 0;
            for (int i = 0; i < blocks; i++) {
                long b = row + (long) BLOCK_BYTES * i;
                long sums = pairBlock(w, b, a.q, t0 * cols + 256 * i, (t0 + 1) * cols + 256 * i);
                float dw = w.get(Layouts.F32, b + 272);
                sum0 += a.d[t0 * blocks + i] * dw * (int) sums;
                sum1 += a.d[(t0 + 1) * blocks + i] * dw * (int) (sums >> 32);
            }
            y[t0 * rows + r] = sum0;
            y[(t0 + 1) * rows + r] = sum1;
        }
    }

    /**
     * The integer sums of one repacked super-block against activation rows at {@code x0} and {@code x1}, packed low
     * and high in a long: each weight vector loaded once for both. Its own method returning no vector, so that the
     * caller stays within C2's inlining budget (the whole two-row body in one method exceeded it: 1.6× slower).
     */
    private static long pairBlock(MemorySegment w, long b, short[] q, int x0, int x1) {
        IntVector isum0 = IntVector.zero(Simd.I256);
        IntVector isum1 = IntVector.zero(Simd.I256);
        long scLo = w.get(Layouts.I64, b + 256);
        long scHi = w.get(Layouts.I64, b + 264);
        for (int c = 0; c < 8; c++) {
            long sc = (c & 4) == 0 ? scLo : scHi;
            int sc0 = (byte) (sc >>> (16 * (c & 3)));
            int sc1 = (byte) (sc >>> (16 * (c & 3) + 8));
            ShortVector w0 = widen16(w, b + 32 * c);
            ShortVector w1 = widen16(w, b + 32 * c + 16);
            isum0 = isum0.add(pairSumSmall(w0.mul(q16(q, x0 + 32 * c))).mul(sc0))
                    .add(pairSumSmall(w1.mul(q16(q, x0 + 32 * c + 16))).mul(sc1));
            isum1 = isum1.add(pairSumSmall(w0.mul(q16(q, x1 + 32 * c))).mul(sc0))
                    .add(pairSumSmall(w1.mul(q16(q, x1 + 32 * c + 16))).mul(sc1));
        }
        return (isum0.reduceLanes(VectorOperators.ADD) & 0xFFFFFFFFL) | ((long) isum1.reduceLanes(VectorOperators.ADD) << 32);
    }
}
