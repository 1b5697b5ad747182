package realizar.backend.simd;

import java.lang.foreign.MemorySegment;

/** The plain floating-point encodings: F32, F16 (IEEE half), BF16 (the top 16 bits of a float32). */
final class FloatDequantizers {
    private FloatDequantizers() {
    }

    static void f32(MemorySegment data, long first, float[] out, int outOffset, int count) {
        MemorySegment.copy(data, Layouts.F32, first * 4, out, outOffset, count);
    }

    static void f16(MemorySegment data, long first, float[] out, int outOffset, int count) {
        for (int i = 0; i < count; i++) {
            out[outOffset + i] = Float.float16ToFloat(data.get(Layouts.I16, (first + i) * 2));
        }
    }

    static void bf16(MemorySegment data, long first, float[] out, int outOffset, int count) {
        for (int i = 0; i < count; i++) {
            out[outOffset + i] = Float.intBitsToFloat(data.get(Layouts.I16, (first + i) * 2) << 16);
        }
    }
}
