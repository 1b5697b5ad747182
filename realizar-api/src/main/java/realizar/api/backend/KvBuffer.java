package realizar.api.backend;

import realizar.api.format.TensorType;

/**
 * One layer's cached keys (or values) in the precision the cache stores them, as {@link ComputeDevice#attention(
 * AttentionShape, float[], KvBuffer, KvBuffer, float[], int, int)} reads them: one row of {@code rowWidth} values per
 * position, position-major. The arrays are the cache's own (no copy); the runtime writes rows, the device only reads.
 *
 * <p>Value semantics: two buffers are equal when they wrap the same arrays. Not thread-safe (neither are the arrays).
 */
public sealed interface KvBuffer permits KvBuffer.F32, KvBuffer.F16, KvBuffer.Q8_0 {
    /** The element encoding: {@link TensorType#F32}, {@link TensorType#F16} or {@link TensorType#Q8_0}. */
    TensorType type();

    /** Values per position (kv heads × head dim). */
    int rowWidth();

    /** Positions the arrays have room for. */
    int capacity();

    /** Bytes the arrays hold. */
    long bytes();

    /**
     * Decodes {@code count} values starting at value {@code first} (counted over all rows, {@code position · rowWidth +
     * column}) to float32 into {@code out[outOffset…]}. Exact for every encoding: a value reads back as the float the
     * cache rounded it to.
     */
    void decode(int first, float[] out, int outOffset, int count);

    /**
     * Throws {@link IllegalArgumentException} unless the rows are {@code shape.kvWidth()} wide and there is room for
     * {@code positions} of them (what an attention call over positions {@code 0 … positions-1} reads).
     */
    default void checkFits(AttentionShape shape, int positions) {
        if (rowWidth() != shape.kvWidth()) {
            throw new IllegalArgumentException("KV rows of " + rowWidth() + " values; the attention shape needs " + shape.kvWidth());
        }
        if (positions <= 0 || positions > capacity()) {
            throw new IllegalArgumentException(positions + " positions do not fit a KV buffer of " + capacity());
        }
    }

    /** float32 values, {@code rowWidth} per position. */
    record F32(float[] values, int rowWidth) implements KvBuffer {
        public F32 {
            checkRows(values.length, rowWidth);
        }

        @Override
        public TensorType type() {
            return TensorType.F32;
        }

        @Override
        public int capacity() {
            return values.length / rowWidth;
        }

        @Override
        public long bytes() {
            return 4L * values.length;
        }

        @Override
        public void decode(int first, float[] out, int outOffset, int count) {
            System.arraycopy(values, first, out, outOffset, count);
        }
    }

    /** IEEE 754 binary16 bit patterns ({@link Float#floatToFloat16}), {@code rowWidth} per position. */
    record F16(short[] bits, int rowWidth) implements KvBuffer {
        public F16 {
            checkRows(bits.length, rowWidth);
        }

        @Override
        public TensorType type() {
            return TensorType.F16;
        }

        @Override
        public int capacity() {
            return bits.length / rowWidth;
        }

        @Override
        public long bytes() {
            return 2L * bits.length;
        }

        @Override
        public void decode(int first, float[] out, int outOffset, int count) {
            for (int i = 0; i < count; i++) {
                out[outOffset + i] = Float.float16ToFloat(bits[first + i]);
            }
        }
    }

    /**
     * ggml's Q8_0 per row: each row is cut into blocks of 32 values (the last one shorter when {@code rowWidth} is not
     * a multiple of 32), block {@code b} of position {@code p} is {@code scales[p·blocksPerRow + b]} (binary16 bits of
     * d) and the int8 quants {@code quants[p·rowWidth + 32·b …]}; a value is {@code q · d}, computed in float.
     */
    record Q8_0(byte[] quants, short[] scales, int rowWidth) implements KvBuffer {
        /** Values per block. */
        public static final int BLOCK = 32;

        public Q8_0 {
            checkRows(quants.length, rowWidth);
            if ((long) quants.length / rowWidth * blocksPerRow(rowWidth) != scales.length) {
                throw new IllegalArgumentException(scales.length + " scales do not fit " + quants.length / rowWidth
                        + " rows of " + blocksPerRow(rowWidth) + " blocks");
            }
        }

        /** Blocks of 32 (or fewer, the last) per row. */
        public static int blocksPerRow(int rowWidth) {
            return (rowWidth + BLOCK - 1) / BLOCK;
        }

        @Override
        public TensorType type() {
            return TensorType.Q8_0;
        }

        @Override
        public int capacity() {
            return quants.length / rowWidth;
        }

        @Override
        public long bytes() {
            return quants.length + 2L * scales.length;
        }

        @Override
        public void decode(int first, float[] out, int outOffset, int count) {
            int perRow = blocksPerRow(rowWidth);
            for (int i = 0; i < count; i++) {
                int at = first + i;
                int row = at / rowWidth;
                int block = (at - row * rowWidth) / BLOCK;
                out[outOffset + i] = quants[at] * Float.float16ToFloat(scales[row * perRow + block]);
            }
        }
    }

    private static void checkRows(int length, int rowWidth) {
        if (rowWidth <= 0 || length % rowWidth != 0) {
            throw new IllegalArgumentException("a KV buffer of " + length + " values is not whole rows of " + rowWidth);
        }
    }
}
