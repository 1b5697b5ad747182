package realizar.backend.simd;

import static realizar.backend.simd.Layouts.f16;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
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
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    private static final VectorSpecies<Short> S128 = ShortVector.SPECIES_128;
    private static final int[] IOTA = {0, 1, 2, 3, 4, 5, 6, 7};
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private VectorDequantizers() {
    }

    /**
     * The vector decoder of {@code type} where there is one (and 256-bit vectors), else the scalar one. Each type has a
     * block loop of its own: a loop shared between types (as {@link LegacyQuants#blockwise}) has one call site whose
     * profile sees every type, and C2 then inlines two decoders into one method, overruns its node budget and boxes
     * the vectors (Q6_K decoding, then Q4_K: 0.24 → 1.42 ns/weight).
     */
    static Dequantizer of(TensorType type) {
        if (!Simd.available()) {
            return Kernels.dequantizer(type);
        }
        return switch (type) {
            case Q4_0 -> VectorDequantizers::q4_0Rows;
            case Q4_1 -> VectorDequantizers::q4_1Rows;
            case Q5_0 -> VectorDequantizers::q5_0Rows;
            case Q5_1 -> VectorDequantizers::q5_1Rows;
            case Q8_0 -> VectorDequantizers::q8_0Rows;
            case Q4_K -> VectorDequantizers::q4_KRows;
            case Q5_K -> VectorDequantizers::q5_KRows;
            case Q6_K -> VectorDequantizers::q6_KRows;
            case BF16 -> VectorDequantizers::bf16;
            default -> Kernels.dequantizer(type);
        };
    }

    private static void q4_0Rows(MemorySegment w, long first, float[] y, int o, int count) {
        for (long b = first / 32 * 18; count > 0; count -= 32, o += 32, b += 18) {
            q4_0(w, b, y, o);
        }
    }

    private static void q4_1Rows(MemorySegment w, long first, float[] y, int o, int count) {
        for (long b = first / 32 * 20; count > 0; count -= 32, o += 32, b += 20) {
            q4_1(w, b, y, o);
        }
    }

    private static void q5_0Rows(MemorySegment w, long first, float[] y, int o, int count) {
        for (long b = first / 32 * 22; count > 0; count -= 32, o += 32, b += 22) {
            q5_0(w, b, y, o);
        }
    }

    private static void q5_1Rows(MemorySegment w, long first, float[] y, int o, int count) {
        for (long b = first / 32 * 24; count > 0; count -= 32, o += 32, b += 24) {
            q5_1(w, b, y, o);
        }
    }

    private static void q8_0Rows(MemorySegment w, long first, float[] y, int o, int count) {
        for (long b = first / 32 * 34; count > 0; count -= 32, o += 32, b += 34) {
            q8_0(w, b, y, o);
        }
    }

    private static void q4_KRows(MemorySegment w, long first, float[] y, int o, int count) {
        for (long b = first / 256 * 144; count > 0; count -= 256, o += 256, b += 144) {
            q4_K(w, b, y, o);
        }
    }

    private static void q5_KRows(MemorySegment w, long first, float[] y, int o, int count) {
        for (long b = first / 256 * 176; count > 0; count -= 256, o += 256, b += 176) {
            q5_K(w, b, y, o);
        }
    }

    private static void q6_KRows(MemorySegment w, long first, float[] y, int o, int count) {
        for (long b = first / 256 * 210; count > 0; count -= 256, o += 256, b += 210) {
            q6_K(w, b, y, o);
        }
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

    /** Q4_1: f16 d, f16 m, nibbles as Q4_0; q·d + m (a multiply, then an add: never fused). */
    static void q4_1(MemorySegment w, long b, float[] y, int o) {
        FloatVector d = FloatVector.broadcast(F, f16(w, b));
        FloatVector m = FloatVector.broadcast(F, f16(w, b + 2));
        for (int h = 0; h < 16; h += 8) {
            ByteVector q = ByteVector.fromMemorySegment(B64, w, b + 4 + h, LE);
            toFloat(q.and((byte) 0x0F)).mul(d).add(m).intoArray(y, o + h);
            toFloat(q.lanewise(VectorOperators.LSHR, 4)).mul(d).add(m).intoArray(y, o + 16 + h);
        }
    }

    /** Q5_0: f16 d, u32 qh (bit j: fifth bit of element j), nibbles @6; (q − 16)·d. */
    static void q5_0(MemorySegment w, long b, float[] y, int o) {
        float d = f16(w, b);
        int qh = w.get(Layouts.I32, b + 2);
        for (int h = 0; h < 16; h += 8) {
            FloatVector dv = FloatVector.broadcast(F, d);
            q5Quants(w, b + 6 + h, qh, h, false).add(-16).convert(VectorOperators.I2F, 0).reinterpretAsFloats().mul(dv).intoArray(y, o + h);
            q5Quants(w, b + 6 + h, qh, h, true).add(-16).convert(VectorOperators.I2F, 0).reinterpretAsFloats().mul(dv).intoArray(y, o + h + 16);
        }
    }

    /** Q5_1: f16 d, f16 m, u32 qh, nibbles @8; q·d + m (a multiply, then an add). */
    static void q5_1(MemorySegment w, long b, float[] y, int o) {
        float d = f16(w, b);
        float m = f16(w, b + 2);
        int qh = w.get(Layouts.I32, b + 4);
        for (int h = 0; h < 16; h += 8) {
            FloatVector dv = FloatVector.broadcast(F, d);
            FloatVector mv = FloatVector.broadcast(F, m);
            q5Quants(w, b + 8 + h, qh, h, false).convert(VectorOperators.I2F, 0).reinterpretAsFloats().mul(dv).add(mv).intoArray(y, o + h);
            q5Quants(w, b + 8 + h, qh, h, true).convert(VectorOperators.I2F, 0).reinterpretAsFloats().mul(dv).add(mv).intoArray(y, o + h + 16);
        }
    }

    /**
     * The 5-bit quants of Q5_0/Q5_1 elements j = first … first+7 ({@code high}: j + 16) as int lanes: the low (high)
     * nibble of the eight bytes at {@code qs}, plus 16 where bit j (j + 16) of {@code qh} is set.
     */
    private static IntVector q5Quants(MemorySegment w, long qs, int qh, int first, boolean high) {
        ByteVector q = ByteVector.fromMemorySegment(B64, w, qs, LE);
        int shift = high ? 4 : 0;
        IntVector counts = IntVector.fromArray(I, IOTA, 0).add(first + 4 * shift);
        return ((IntVector) q.lanewise(VectorOperators.LSHR, shift).and((byte) 0x0F).convertShape(VectorOperators.B2I, I, 0))
                .or(IntVector.broadcast(I, qh).lanewise(VectorOperators.LSHR, counts).and(1).lanewise(VectorOperators.LSHL, 4));
    }

    /** Q5_K: as Q4_K, plus qh[32] @16 (bit 2j / 2j+1 of byte l: fifth bit of sub-block 2j / 2j+1), qs @48. */
    static void q5_K(MemorySegment w, long b, float[] y, int o) {
        float d = f16(w, b);
        float min = f16(w, b + 2);
        for (int j = 0; j < 4; j++) {
            long q = b + 48 + 32L * j;
            float d1 = d * KQuants.scaleK4(w, b + 4, 2 * j);
            float m1 = min * KQuants.minK4(w, b + 4, 2 * j);
            float d2 = d * KQuants.scaleK4(w, b + 4, 2 * j + 1);
            float m2 = min * KQuants.minK4(w, b + 4, 2 * j + 1);
            for (int l = 0; l < 32; l += 8) {
                q5KGroup(w, q + l, b + 16 + l, 2 * j, d1, m1, d2, m2, y, o + l);
            }
            o += 64;
        }
    }

    /** Eight columns of a Q5_K 64-value group: d1·(low nibble + 16·bit) − m1 and d2·(high nibble + 16·next bit) − m2. */
    private static void q5KGroup(MemorySegment w, long qs, long qh, int bit, float d1, float m1, float d2, float m2, float[] y, int o) {
        ByteVector q = ByteVector.fromMemorySegment(B64, w, qs, LE);
        ByteVector h = ByteVector.fromMemorySegment(B64, w, qh, LE).lanewise(VectorOperators.LSHR, bit);
        ByteVector lo = q.and((byte) 0x0F).or(h.and((byte) 1).lanewise(VectorOperators.LSHL, 4));
        ByteVector hi = q.lanewise(VectorOperators.LSHR, 4).or(h.and((byte) 2).lanewise(VectorOperators.LSHL, 3));
        toFloat(lo).mul(d1).sub(m1).intoArray(y, o);
        toFloat(hi).mul(d2).sub(m2).intoArray(y, o + 32);
    }

    /** BF16: the top 16 bits of a float32, widened exactly. */
    static void bf16(MemorySegment data, long first, float[] out, int outOffset, int count) {
        int i = 0;
        for (; i + 8 <= count; i += 8) {
            ((IntVector) ShortVector.fromMemorySegment(S128, data, (first + i) * 2, LE).convertShape(VectorOperators.S2I, I, 0))
                    .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(out, outOffset + i);
        }
        for (; i < count; i++) {
            out[outOffset + i] = Float.intBitsToFloat(data.get(Layouts.I16, (first + i) * 2) << 16);
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
