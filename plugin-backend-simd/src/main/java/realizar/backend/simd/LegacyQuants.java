package realizar.backend.simd;

import static realizar.backend.simd.Layouts.f16;
import static realizar.backend.simd.Layouts.u8;

import java.lang.foreign.MemorySegment;

import realizar.api.format.TensorType;

/**
 * Block decoders of ggml's 32-element encodings (ggml-quants.c {@code dequantize_row_q4_0} … {@code _q8_0}), with the
 * same float operations in the same order so that results are bitwise equal, signed zeros included: {@code q·d} is
 * exact in float32 (a ≤ 8-bit integer times an 11-bit half), so only the {@code + m} of the "_1" types rounds.
 */
final class LegacyQuants {
    static final int QK = 32;

    private LegacyQuants() {
    }

    /** Q4_0: f16 d; 16 bytes of nibbles, low nibbles are elements 0..15, high nibbles 16..31; value (q - 8)·d. */
    static void q4_0(MemorySegment w, long b, float[] y, int o) {
        float d = f16(w, b);
        for (int j = 0; j < 16; j++) {
            int q = u8(w, b + 2 + j);
            y[o + j] = ((q & 0x0F) - 8) * d;
            y[o + j + 16] = ((q >>> 4) - 8) * d;
        }
    }

    /** Q4_1: f16 d, f16 m; nibbles as Q4_0; value q·d + m. */
    static void q4_1(MemorySegment w, long b, float[] y, int o) {
        float d = f16(w, b);
        float m = f16(w, b + 2);
        for (int j = 0; j < 16; j++) {
            int q = u8(w, b + 4 + j);
            y[o + j] = (q & 0x0F) * d + m;
            y[o + j + 16] = (q >>> 4) * d + m;
        }
    }

    /** Q5_0: f16 d; u32 qh holds bit 4 of element j at bit j; nibbles as Q4_0; value (q - 16)·d. */
    static void q5_0(MemorySegment w, long b, float[] y, int o) {
        float d = f16(w, b);
        int qh = w.get(Layouts.I32, b + 2);
        for (int j = 0; j < 16; j++) {
            int q = u8(w, b + 6 + j);
            int h0 = ((qh >>> j) << 4) & 0x10;
            int h1 = (qh >>> (j + 12)) & 0x10;
            y[o + j] = (((q & 0x0F) | h0) - 16) * d;
            y[o + j + 16] = (((q >>> 4) | h1) - 16) * d;
        }
    }

    /** Q5_1: f16 d, f16 m; u32 qh; nibbles; value q·d + m. */
    static void q5_1(MemorySegment w, long b, float[] y, int o) {
        float d = f16(w, b);
        float m = f16(w, b + 2);
        int qh = w.get(Layouts.I32, b + 4);
        for (int j = 0; j < 16; j++) {
            int q = u8(w, b + 8 + j);
            int h0 = ((qh >>> j) << 4) & 0x10;
            int h1 = (qh >>> (j + 12)) & 0x10;
            y[o + j] = ((q & 0x0F) | h0) * d + m;
            y[o + j + 16] = ((q >>> 4) | h1) * d + m;
        }
    }

    /** Q8_0: f16 d; 32 signed bytes; value q·d. */
    static void q8_0(MemorySegment w, long b, float[] y, int o) {
        float d = f16(w, b);
        for (int j = 0; j < 32; j++) {
            y[o + j] = Layouts.i8(w, b + 2 + j) * d;
        }
    }

    /** Decodes whole blocks of {@code type} with {@code block}; the common loop of every block dequantizer. */
    static Dequantizer blockwise(TensorType type, BlockDecoder block) {
        int size = type.blockSize();
        int bytes = type.blockBytes();
        return (data, first, out, outOffset, count) -> {
            long b = first / size * bytes;
            for (int i = 0; i < count; i += size, b += bytes) {
                block.decode(data, b, out, outOffset + i);
            }
        };
    }

    /** Decodes the block at byte {@code b} into {@code y[o …]}. */
    @FunctionalInterface
    interface BlockDecoder {
        void decode(MemorySegment w, long b, float[] y, int o);
    }
}
