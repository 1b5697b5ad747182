package realizar.api.format;

import java.util.Optional;

/**
 * Tensor element encodings, with ggml's type ids and block geometry: a block of {@code blockSize} elements
 * takes {@code blockBytes} bytes. Names keep their spec spelling ({@code Q4_K}) because users and files use it.
 * Whether a type can be computed on is a backend's answer ({@code ComputeDevice#supports}), not this enum's.
 */
public enum TensorType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18),        // f16 d; 16 bytes of 4-bit q
    Q4_1(3, 32, 20),        // f16 d, f16 m; 16 bytes of 4-bit q
    Q5_0(6, 32, 22),        // f16 d; u32 high bits; 16 bytes of low nibbles
    Q5_1(7, 32, 24),        // f16 d, f16 m; u32 high bits; 16 bytes
    Q8_0(8, 32, 34),        // f16 d; 32 x i8
    Q8_1(9, 32, 36),        // f16 d, f16 s; 32 x i8
    Q2_K(10, 256, 84),      // 16 scales/mins bytes, 64 bytes q, f16 d, f16 dmin
    Q3_K(11, 256, 110),     // 32 bytes hmask, 64 bytes q, 12 bytes scales, f16 d
    Q4_K(12, 256, 144),     // f16 d, f16 dmin, 12 bytes scales, 128 bytes q
    Q5_K(13, 256, 176),     // f16 d, f16 dmin, 12 bytes scales, 32 bytes qh, 128 bytes qs
    Q6_K(14, 256, 210),     // 128 bytes ql, 64 bytes qh, 16 x i8 scales, f16 d
    Q8_K(15, 256, 292),     // f32 d, 256 x i8, 16 x i16 bsums
    IQ2_XXS(16, 256, 66),
    IQ2_XS(17, 256, 74),
    IQ3_XXS(18, 256, 98),
    IQ1_S(19, 256, 50),
    IQ4_NL(20, 32, 18),
    IQ3_S(21, 256, 110),
    IQ2_S(22, 256, 82),
    IQ4_XS(23, 256, 136),
    I8(24, 1, 1),
    I16(25, 1, 2),
    I32(26, 1, 4),
    I64(27, 1, 8),
    F64(28, 1, 8),
    IQ1_M(29, 256, 56),
    BF16(30, 1, 2),
    TQ1_0(34, 256, 54),
    TQ2_0(35, 256, 66),
    MXFP4(39, 32, 17);

    private final int ggmlId;
    private final int blockSize;
    private final int blockBytes;

    TensorType(int ggmlId, int blockSize, int blockBytes) {
        this.ggmlId = ggmlId;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
    }

    /** ggml's numeric id, as stored in GGUF tensor infos. */
    public int ggmlId() {
        return ggmlId;
    }

    /** Elements per block (1 for plain element types). */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block. */
    public int blockBytes() {
        return blockBytes;
    }

    public boolean isQuantized() {
        return blockSize > 1;
    }

    /** Bytes taken by {@code elements} values; the count must be a whole number of blocks. */
    public long bytesFor(long elements) {
        if (elements % blockSize != 0) {
            throw new IllegalArgumentException(elements + " elements is not a whole number of " + this + " blocks of " + blockSize);
        }
        return Math.multiplyExact(elements / blockSize, (long) blockBytes);
    }

    public static Optional<TensorType> byGgmlId(int id) {
        for (TensorType t : values()) {
            if (t.ggmlId == id) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
