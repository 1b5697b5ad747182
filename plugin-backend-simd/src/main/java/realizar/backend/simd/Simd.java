package realizar.backend.simd;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The shapes and building blocks of the quantized kernels. They work on 256-bit vectors: 16 weight bytes widen to
 * 16 int16 lanes, which multiply 16 activation quants; a 32-element block is two such halves. 256 bits is AVX2's
 * width and measured as fast as 512 on this AVX-512 machine (AMD EPYC, where 512-bit ops are double-pumped).
 *
 * <p>The integer dot has no {@code pmaddubsw}/{@code pmaddwd} in the Vector API, so products are taken in int16 (every
 * kernel keeps |Σ| within 32767 before widening, noted where it matters) and adjacent lanes are summed to int32 by
 * {@link #pairSum}.
 */
final class Simd {
    static final VectorSpecies<Byte> B128 = ByteVector.SPECIES_128;
    static final VectorSpecies<Short> S128 = ShortVector.SPECIES_128;
    static final VectorSpecies<Short> S256 = ShortVector.SPECIES_256;
    static final VectorSpecies<Integer> I256 = IntVector.SPECIES_256;
    static final VectorSpecies<Float> F256 = FloatVector.SPECIES_256;
    static final VectorSpecies<Byte> B256 = ByteVector.SPECIES_256;
    static final VectorSpecies<Short> S512 = ShortVector.SPECIES_512;
    static final VectorSpecies<Integer> I512 = IntVector.SPECIES_512;
    static final VectorSpecies<Float> F512 = FloatVector.SPECIES_512;

    /**
     * Whether kernels that have a 512-bit body use it: where the CPU has 512-bit vectors (AVX-512), unless
     * {@code -Drealizar.simd.wide=false}. On Zen 4 a 512-bit op executes as two 256-bit halves, yet the kernels that
     * are bound by how many operations the core can issue (not by memory) run faster: one instruction covers what
     * two did. Without AVX-512 a 512-bit vector would not be intrinsified, so the 256-bit bodies serve.
     */
    static final boolean WIDE = ByteVector.SPECIES_PREFERRED.vectorBitSize() >= 512
            && !"false".equals(System.getProperty("realizar.simd.wide"));

    /** Lane j holds 1 << (15 - j): multiplying a broadcast 16-bit mask by it moves bit j to the sign bit. */
    private static final ShortVector BIT_TO_SIGN;

    static {
        short[] m = new short[16];
        for (int j = 0; j < 16; j++) {
            m[j] = (short) (1 << (15 - j));
        }
        BIT_TO_SIGN = ShortVector.fromArray(S256, m, 0);
    }

    private Simd() {
    }

    /** Whether the 256-bit kernels run natively here (else the scalar kernels serve). */
    static boolean available() {
        return ByteVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
    }

    /** The 16 bytes at {@code off}, sign-extended to int16 lanes (callers mask the bits they need). */
    static ShortVector widen16(MemorySegment w, long off) {
        return (ShortVector) ByteVector.fromMemorySegment(B128, w, off, ByteOrder.LITTLE_ENDIAN)
                .convertShape(VectorOperators.B2S, S256, 0);
    }

    /** The 16 bytes at {@code off}, zero-extended to int16 lanes: a high nibble is then one shift, no mask. */
    static ShortVector widen16u(MemorySegment w, long off) {
        return (ShortVector) ByteVector.fromMemorySegment(B128, w, off, ByteOrder.LITTLE_ENDIAN)
                .convertShape(VectorOperators.ZERO_EXTEND_B2S, S256, 0);
    }

    /** 16 activation quants of row data {@code q} from {@code off}. */
    static ShortVector q16(short[] q, int off) {
        return ShortVector.fromArray(S256, q, off);
    }

    /** Sums lanes 2i and 2i+1 of an int16 vector into int32 lane i (the int16 pair seen as one int32, split by shifts). */
    static IntVector pairSum(ShortVector p) {
        IntVector v = p.reinterpretAsInts();
        return v.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(v.lanewise(VectorOperators.ASHR, 16));
    }

    /**
     * {@link #pairSum} in two operations instead of four, exact only while |p[2i] + p[2i+1]| ≤ 32767: with the int32
     * lane {@code v = hi·2^16 + (lo mod 2^16)}, {@code v·65537 mod 2^32} has {@code (hi + lo) mod 2^16} in its upper
     * half. Measured 4–5 % faster on Q4_0/Q4_K decode.
     */
    static IntVector pairSumSmall(ShortVector p) {
        return p.reinterpretAsInts().mul(65537).lanewise(VectorOperators.ASHR, 16);
    }

    /** Lane j is {@code value} when bit j of {@code bits16} is set, else 0 (Q5_0/Q5_1's fifth bit). */
    static ShortVector bitLanes(int bits16, short value) {
        return ShortVector.broadcast(S256, (short) bits16).mul(BIT_TO_SIGN).lanewise(VectorOperators.ASHR, 15).and(value);
    }

    /**
     * Bit {@code bit} of each lane moved to bit {@code to} (other bits cleared); {@code bit}, {@code to} in 0..7.
     * Shift right, mask, shift left: no branch between two vector expressions, whose merge C2 may box.
     */
    static ShortVector bitTo(ShortVector v, int bit, int to) {
        return v.lanewise(VectorOperators.LSHR, bit).and((short) 1).lanewise(VectorOperators.LSHL, to);
    }

    static FloatVector toFloat(IntVector v) {
        return (FloatVector) v.convert(VectorOperators.I2F, 0);
    }

    /**
     * {@link #pairSumSmall} for the 512-bit bodies only. The same code in a method of its own on purpose: one helper
     * called with two vector shapes gets a polluted type profile, and C2 then boxes the vectors of every caller (Q6_K
     * decode after a Q6_K prefill in the same JVM: 250 → 4800 µs; Q8_0 likewise; 1024 × 4096, single thread).
     */
    static IntVector pairSumSmallWide(ShortVector p) {
        return p.reinterpretAsInts().mul(65537).lanewise(VectorOperators.ASHR, 16);
    }

    /** {@link #toFloat} for the 512-bit bodies only (see {@link #pairSumSmallWide}). */
    static FloatVector toFloatWide(IntVector v) {
        return (FloatVector) v.convert(VectorOperators.I2F, 0);
    }
}
