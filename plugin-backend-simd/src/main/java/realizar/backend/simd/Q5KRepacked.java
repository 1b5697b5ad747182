package realizar.backend.simd;

import static realizar.backend.simd.Simd.pairSumSmall;
import static realizar.backend.simd.Simd.q16;
import static realizar.backend.simd.Simd.toFloat;
import static realizar.backend.simd.Simd.widen16u;
import static realizar.backend.simd.Q4KRepacked.halfFromTopBits;
import static realizar.backend.simd.Q4KRepacked.inChunks;
import static realizar.backend.simd.Q4KRepacked.repackNibbles;
import static realizar.backend.simd.Q4KRepacked.repackScales;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q5_K weights repacked at load: {@link Q4KRepacked}'s layout with the fifth bits in between, {@value #BLOCK_BYTES}
 * bytes per super-block — the file's size:
 * <ul>
 *   <li>@0: the low four bits, for the 256-bit kernel 16 bytes per sub-block, byte l holding element l (low nibble) and
 *       l + 16 (high); for the 512-bit kernel ({@link Simd#WIDE}) the file's qs;</li>
 *   <li>@128: the fifth bits, for the 256-bit kernel as sixteen int16 lanes, lane l = qh[l] | qh[l + 16] &lt;&lt; 8
 *       (bit s: element l of sub-block s; bit 8 + s: element l + 16); for the 512-bit kernel the file's qh, widened
 *       to 32 lanes; loaded once per super-block;</li>
 *   <li>@160: scales and d, @168: mins and dmin, as in {@link Q4KRepacked}.</li>
 * </ul>
 *
 * <p>Why: the mapped kernel assembles each 5-bit value from two sign-extended loads, shifts, masks and a per-sub-block
 * bit move, multiplies int32 lanes by the scale and decodes scales and mins in scalar code per super-block; here a
 * sub-block costs Q4_K's operations plus one shift, three masks/shifts and two ors for the fifth bits. Measured 1.84×
 * the mapped kernel with the 512-bit body (2,435 → 1,325 µs single-thread, 4096 × 4096 and 2048 × 8192 in cache),
 * 1.7× with the 256-bit one (1,425 µs). Unlike Q4_K's, the 256-bit body keeps the scalar scale path: the scales'
 * vector store pushed it past C2's inlining budget (4× slower). Cost: a copy the size of the mapped matrix;
 * {@code -Drealizar.simd.repack=false} keeps the mapped kernel.
 */
final class Q5KRepacked implements Repacker {
    static final int BLOCK_BYTES = 176;

    private final boolean wide;
    private final MatmulKernel kernel;

    /** The copy for the 512-bit kernel ({@code wide}: qs and qh in the file's order) or the 256-bit one. */
    Q5KRepacked(boolean wide) {
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
            repackScales(in, k, out, k + 20);
            if (fileOrder) {
                System.arraycopy(in, k + 6, out, k, 16);
                System.arraycopy(in, k + 2, out, k + 16, 4);
                return;
            }
            repackNibbles(in, k + 6, out, k);
            // qh byte l (words 2-5) holds the fifth bit of element l of every sub-block (bit s for sub-block s): lane l
            // of the copy's sixteen int16 lanes is qh[l] | qh[l + 16] << 8, the fifth bits of the elements that lane l
            // multiplies (l in the low nibbles, l + 16 in the high ones).
            for (int l = 0; l < 16; l += 4) {
                long low = in[k + 2 + l / 8] >>> (8 * (l % 8)) & 0xFFFFFFFFL;
                long high = in[k + 4 + l / 8] >>> (8 * (l % 8)) & 0xFFFFFFFFL;
                out[k + 16 + l / 4] = Long.expand(low, 0x00FF00FF00FF00FFL) | Long.expand(high, 0xFF00FF00FF00FF00L);
            }
        });
    }

    /**
     * As {@link Q4KRepacked}'s kernel, with 0 ≤ q ≤ 31: pairs of products within 2·2·31·127 = 15748 &lt; 32767, so
     * {@link Simd#pairSumSmall} stays exact.
     */
    static MatmulKernel narrowKernel() {
        return new RowDotKernel(ActivationFormat.Q8_K, 256, BLOCK_BYTES) {
            @Override
            float dot(MemorySegment w, long row, Activations a, int t, int cols) {
                int blocks = cols / 256;
                short[] q = a.q;
                FloatVector acc0 = FloatVector.zero(Simd.F256);
                FloatVector acc1 = FloatVector.zero(Simd.F256);
                int x = t * cols;
                for (int i = 0; i < blocks; i++, x += 256) {
                    long b = row + (long) BLOCK_BYTES * i;
                    float da = a.d[t * blocks + i];
                    long sc = w.get(Layouts.I64, b + 160);
                    float dd = da * halfFromTopBits(sc);
                    float dm = da * halfFromTopBits(w.get(Layouts.I64, b + 168));
                    IntVector mins = (IntVector) ByteVector.fromMemorySegment(ByteVector.SPECIES_64, w, b + 168, ByteOrder.LITTLE_ENDIAN)
                            .convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I256, 0);
                    mins = mins.and(0x3F);
                    IntVector msum = mins.mul(IntVector.fromArray(Simd.I256, a.sums32, x / 32));
                    acc1 = toFloat(msum).fma(FloatVector.broadcast(Simd.F256, -dm), acc1);
                    ShortVector fifth = ShortVector.fromMemorySegment(Simd.S256, w, b + 128, ByteOrder.LITTLE_ENDIAN);
                    for (int sub = 0; sub < 8; sub++) {
                        int xs = x + 32 * sub;
                        ShortVector v = widen16u(w, b + 16 * sub);
                        // bit 0 of each lane: the fifth bit of its low-nibble element, bit 8: of its high-nibble one
                        ShortVector h = fifth.lanewise(VectorOperators.LSHR, sub);
                        ShortVector lo = v.and((short) 0xF).or(h.lanewise(VectorOperators.LSHL, 4).and((short) 0x10));
                        ShortVector hi = v.or(h.and((short) 0x100)).lanewise(VectorOperators.LSHR, 4);
                        ShortVector p = lo.mul(q16(q, xs)).add(hi.mul(q16(q, xs + 16)));
                        acc0 = toFloat(pairSumSmall(p)).fma(FloatVector.broadcast(Simd.F256, dd * (int) ((sc >>> (8 * sub)) & 0x3F)), acc0);
                    }
                }
                return acc0.add(acc1).reduceLanes(VectorOperators.ADD);
            }
        };
    }

    /**
     * The 512-bit kernel ({@link Simd#WIDE}) over the copy with qs and qh in the file's order: per 32-element
     * sub-block s, the 32 qs bytes of chunk s/2 widen to 32 int16 lanes (low nibbles sub-block 2c, high nibbles
     * 2c + 1) and take their fifth bits from the super-block's 32 qh bytes, widened once (bit s of lane l: element l of
     * sub-block s). One sub-block per loop turn: a 64-element body exceeded C2's inlining budget (20× slower).
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
                    float dd = da * halfFromTopBits(w.get(Layouts.I64, b + 160));
                    float dm = da * halfFromTopBits(w.get(Layouts.I64, b + 168));
                    IntVector mins = ((IntVector) ByteVector.fromMemorySegment(ByteVector.SPECIES_64, w, b + 168, ByteOrder.LITTLE_ENDIAN)
                            .convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I256, 0)).and(0x3F);
                    accMins = ((FloatVector) mins.mul(IntVector.fromArray(Simd.I256, a.sums32, x / 32)).convert(VectorOperators.I2F, 0)).fma(FloatVector.broadcast(Simd.F256, -dm), accMins);
                    // 256 bits on purpose (see Q4KRepacked: a 512-bit store here slowed the prefill tile 10×).
                    ((FloatVector) ((IntVector) ByteVector.fromMemorySegment(ByteVector.SPECIES_64, w, b + 160, ByteOrder.LITTLE_ENDIAN)
                            .convertShape(VectorOperators.ZERO_EXTEND_B2I, Simd.I256, 0)).and(0x3F).convert(VectorOperators.I2F, 0)).mul(dd).intoArray(scales, 0);
                    ShortVector fifth = (ShortVector) ByteVector.fromMemorySegment(Simd.B256, w, b + 128, ByteOrder.LITTLE_ENDIAN)
                            .convertShape(VectorOperators.ZERO_EXTEND_B2S, Simd.S512, 0);
                    for (int sub = 0; sub < 8; sub++) {
                        ShortVector v = (ShortVector) ByteVector.fromMemorySegment(Simd.B256, w, b + 32 * (sub >>> 1), ByteOrder.LITTLE_ENDIAN)
                                .convertShape(VectorOperators.ZERO_EXTEND_B2S, Simd.S512, 0);
                        ShortVector q5 = v.lanewise(VectorOperators.LSHR, 4 * (sub & 1)).and((short) 0xF)
                                .or(fifth.lanewise(VectorOperators.LSHR, sub).lanewise(VectorOperators.LSHL, 4).and((short) 0x10));
                        acc = ((FloatVector) q5.mul(ShortVector.fromArray(Simd.S512, q, x + 32 * sub)).reinterpretAsInts().mul(65537).lanewise(VectorOperators.ASHR, 16).convert(VectorOperators.I2F, 0))
                                .fma(FloatVector.broadcast(Simd.F512, scales[sub]), acc);
                    }
                }
                return acc.reduceLanes(VectorOperators.ADD) + accMins.reduceLanes(VectorOperators.ADD);
            }
        };
    }
}
