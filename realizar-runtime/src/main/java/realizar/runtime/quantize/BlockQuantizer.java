package realizar.runtime.quantize;

import realizar.api.format.TensorType;

/**
 * Encodes float32 values into one tensor type's blocks, the way llama.cpp's reference quantizer for that type does
 * ({@code quantize_row_*_ref} in ggml-quants.c, which {@code llama-quantize} uses when it has no importance matrix).
 *
 * <p>Stateless and thread-safe: every call uses only its own arguments and locals.
 */
public interface BlockQuantizer {
    TensorType type();

    /**
     * Encodes {@code count} values of {@code src} starting at {@code srcOffset} (a whole number of blocks) into
     * {@code dst} starting at {@code dstOffset}, which must have room for {@code type().bytesFor(count)} bytes.
     */
    void quantize(float[] src, int srcOffset, int count, byte[] dst, int dstOffset);
}
