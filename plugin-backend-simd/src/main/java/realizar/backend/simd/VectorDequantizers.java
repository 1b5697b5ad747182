package realizar.backend.simd;

import static realizar.backend.simd.Layouts.f16;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import realizar.api.format.TensorType;

/**
 * Vector API block decoders for the dequantized prefill ({@link DequantizedPrefill}), bitwise equal to the scalar
 * ones ({@link LegacyQuants}, {@link KQuants}, ggml's {@code dequantize_row_*}): the quants are small integers, exact
 * in float32, and each value takes the same float operations in the same order ({@code (q - 8)·d}; Q4_K's
 * {@code d1·q - m1} as a multiply then a subtract, never fused; Q6_K's {@code (d·scale)·q}). Eight bytes widen to
 * eight float lanes per step. Types without one here use the scalar decoder.
 */
final class VectorDequantizers {
    private static final VectorSpecies<Byte> B64 = ByteVector.SPECIES_64;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private VectorDequantizers() {
    }

    /** The vector decoder of {@code type} where there is one (and 256-bit vectors), else the scalar one. */
    static Dequantizer of(TensorType type) {
        if (Simd.available()) {
            switch (type) {
                case Q4_0 -> {
                    return blockwise(type, VectorDequantizers::q4_0);
                }
                case Q8_0 -> {
                    return blockwise(type, VectorDequantizers::q8_0);
                }
                case Q4_K -> {
                    return blockwise(type, VectorDequantizers::q4_K);
                }
                case Q6_K -> {
                    return blockwise(type, VectorDequantizers::q6_K);
                }
                default -> {
                }
            }
        }
        return Kernels.dequantizer(type);
    }

    private static Dequantizer blockwise(TensorType type, LegacyQuants.BlockDecoder block) {
        return LegacyQuants.blockwise(type, block);
    }

    /** Q4_0: f16 d, 16 bytes of nibbles (low: elements 0..15, high: 16..31); (q - 8)·d. */
    static void q4_0(MemorySegment w, long b, float[] y, int o) {
        FloatVector d = FloatVector.broadcast(F, f16(w, b));
        for (int h = 0; h < 16; h += 8) {
            ByteVector q = ByteVector.fromMemorySegment(B64, w, b + 2 + h, LE);
            toFloat(q.and((byte) 0x0F).sub((byte) 8)).mul(d).intoArray(y, o + h);
            toFloat(q.lanewise(VectorOperators.LSHR, 4).sub((byte) 8)).mul(d).intoArray(y, o + 16 + h);
        }
    }

    /** Q8_0: f16 d, 32 signed bytes; q·d. */
    static void q8_0(MemorySegment w, long b, float[] y, int o) {
        FloatVector d = FloatVector.broadcast(F, f16(w, b));
        for (int h = 0; h < 32; h += 8) {
            toFloat(ByteVector.fromMemorySegment(B64, w, b + 2 + h, LE)).mul(d).intoArray(y, o + h);
        }
    }

    /** Q4_K: per 64 elements two 6-bit (scale, min) pairs; d1·(q &amp; 15) − m1, then d2·(q &gt;&gt; 4) − m2. */
    static void q4_K(MemorySegment w, long b, float[] y, int o) {
        float d = f16(w, b);
        float min = f16(w, b + 2);
        for (int j = 0; j < 4; j++) {
            long q = b + 16 + 32L * j;
            FloatVector d1 = FloatVector.broadcast(F, d * KQuants.scaleK4(w, b + 4, 2 * j));
            FloatVector m1 = FloatVector.broadcast(F, min * KQuants.minK4(w, b + 4, 2 * j));
            FloatVector d2 = FloatVector.broadcast(F, d * KQuants.scaleK4(w, b + 4, 2 * j + 1));
            FloatVector m2 = FloatVector.broadcast(F, min * KQuants.minK4(w, b + 4, 2 * j + 1));
            for (int l = 0; l < 32; l += 8) {
                ByteVector v = ByteVector.fromMemorySegment(B64, w, q + l, LE);
                toFloat(v.and((byte) 0x0F)).mul(d1).sub(m1).intoArray(y, o + l);
                toFloat(v.lanewise(VectorOperators.LSHR, 4)).mul(d2).sub(m2).intoArray(y, o + 32 + l);
            }
            o += 64;
        }
    }

    /** Q6_K: ql[128] @0, qh[64] @128, int8 scales[16] @192, f16 d @208; (d·scale)·(q − 32), a scale per 16. */
    static void q6_K(MemorySegment w, long b, float[] y, int o) {
        float d = f16(w, b + 208);
        for (int n = 0; n < 2; n++) {
            long ql = b + 64L * n;
            long qh = b + 128 + 32L * n;
            long sc = b + 192 + 8L * n;
            for (int l = 0; l < 32; l += 8) {
                int is = l / 16;
                // Quarters 0, 1 take the low nibbles and qh bits 0-3, quarters 2, 3 the high nibbles and bits 4-7.
                // One call site for one body: two bodies inlined into one method overran C2's node budget
                // (NodeCountInliningCutoff), which boxes vectors. Scalar scales first, before the vector body.
                for (int half = 0; half < 2; half++) {
                    float s1 = d * Layouts.i8(w, sc + is + 4 * half);
                    float s2 = d * Layouts.i8(w, sc + is + 4 * half + 2);
                    q6Quarters(w, ql + l, qh + l, 4 * half, s1, s2, y, o + l + 64 * half);
                }
            }
            o += 128;
        }
    }

    /**
     * Eight columns of two Q6_K quarters: q = ((ql &gt;&gt; shift) &amp; 15) | ((qh &gt;&gt; shift) &amp; 3) &lt;&lt; 4 from
     * ql and qh, and from ql + 32 with qh's next two bits; value s·(q − 32), into y[o …] and y[o + 32 …].
     */
    private static void q6Quarters(MemorySegment w, long ql, long qh, int shift, float s1, float s2, float[] y, int o) {
        ByteVector h = ByteVector.fromMemorySegment(B64, w, qh, LE).lanewise(VectorOperators.LSHR, shift);
        ByteVector a = ByteVector.fromMemorySegment(B64, w, ql, LE).lanewise(VectorOperators.LSHR, shift).and((byte) 0x0F);
        ByteVector c = ByteVector.fromMemorySegment(B64, w, ql + 32, LE).lanewise(VectorOperators.LSHR, shift).and((byte) 0x0F);
        ByteVector q1 = a.or(h.and((byte) 3).lanewise(VectorOperators.LSHL, 4)).sub((byte) 32);
        ByteVector q2 = c.or(h.and((byte) 0x0C).lanewise(VectorOperators.LSHL, 2)).sub((byte) 32);
        toFloat(q1).mul(s1).intoArray(y, o);
        toFloat(q2).mul(s2).intoArray(y, o + 32);
    }

    /** Eight signed bytes as eight exact floats. */
    private static FloatVector toFloat(ByteVector v) {
        return (FloatVector) v.convertShape(VectorOperators.B2F, F, 0);
    }
}
