package realizar.backend.simd;

import java.lang.foreign.MemorySegment;

/**
 * Decodes {@code count} consecutive elements starting at element {@code first} of one encoding to float32.
 * {@code first} and {@code count} are multiples of the type's block size.
 */
interface Dequantizer {
    void dequantize(MemorySegment data, long first, float[] out, int outOffset, int count);
}
