package realizar.runtime.model;

import realizar.api.backend.KvBuffer;

/**
 * The keys and values of one sequence: per layer, one row of {@code width} values per position, stored in the
 * {@link KvType}'s own encoding (llama.cpp's {@code cpy_k}/{@code cpy_v} into an F16 or Q8_0 cache): F16 as binary16
 * bits (2 bytes a value), Q8_0 as int8 quants with one binary16 scale per 32 values (34 bytes per 32), F32 as floats.
 * A stored value reads back exactly as {@link KvType#round} rounds it. Allocated once for the whole context; rewinding
 * a session just overwrites rows. Not thread-safe.
 */
public final class KvCache {
    private final KvType type;
    private final int contextLength;
    private final int width;
    private final KvBuffer[] keys;
    private final KvBuffer[] values;

    public KvCache(int layers, int contextLength, int width, KvType type) {
        this.type = type;
        this.contextLength = contextLength;
        this.width = width;
        this.keys = new KvBuffer[layers];
        this.values = new KvBuffer[layers];
        for (int l = 0; l < layers; l++) {
            keys[l] = allocate(type, contextLength, width);
            values[l] = allocate(type, contextLength, width);
        }
    }

    private static KvBuffer allocate(KvType type, int positions, int width) {
        int size = Math.multiplyExact(positions, width);
        return switch (type) {
            case F32 -> new KvBuffer.F32(new float[size], width);
            case F16 -> new KvBuffer.F16(new short[size], width);
            case Q8_0 -> new KvBuffer.Q8_0(new byte[size],
                    new short[Math.multiplyExact(positions, KvBuffer.Q8_0.blocksPerRow(width))], width);
        };
    }

    public KvType type() {
        return type;
    }

    public int contextLength() {
        return contextLength;
    }

    /** Values per position and layer: KV heads × head size. */
    public int width() {
        return width;
    }

    /** Bytes the whole cache holds: keys and values of every layer and position. */
    public long bytes() {
        long sum = 0;
        for (int l = 0; l < keys.length; l++) {
            sum += keys[l].bytes() + values[l].bytes();
        }
        return sum;
    }

    /** Bytes of one position's key and value rows in one layer in a cache of {@code type}, {@code width} values a row. */
    public static long bytesPerPositionAndLayer(KvType type, int width) {
        return 2 * switch (type) {
            case F32 -> 4L * width;
            case F16 -> 2L * width;
            case Q8_0 -> width + 2L * KvBuffer.Q8_0.blocksPerRow(width);
        };
    }

    /** Stores the key row {@code k[kOff…]} and value row {@code v[vOff…]} of {@code layer} at {@code pos}, rounding to the type. */
    public void store(int layer, int pos, float[] k, int kOff, float[] v, int vOff) {
        if (pos < 0 || pos >= contextLength) {
            throw new IndexOutOfBoundsException("position " + pos + " outside a cache of " + contextLength);
        }
        write(keys[layer], pos, k, kOff);
        write(values[layer], pos, v, vOff);
    }

    private void write(KvBuffer buffer, int pos, float[] row, int off) {
        int at = pos * width;
        switch (buffer) {
            case KvBuffer.F32 f -> System.arraycopy(row, off, f.values(), at, width);
            case KvBuffer.F16 h -> {
                short[] bits = h.bits();
                for (int i = 0; i < width; i++) {
                    bits[at + i] = Float.floatToFloat16(row[off + i]); // round to nearest even, as ggml_fp32_to_fp16
                }
            }
            case KvBuffer.Q8_0 q -> quantizeRow(q, pos, row, off);
        }
    }

    /**
     * ggml's {@code quantize_row_q8_0} on one row, block by block: d = amax/127 stored as binary16, q = round(x/d)
     * half to even (its AVX2 path); {@link KvType#round} computes the same values in float.
     */
    private void quantizeRow(KvBuffer.Q8_0 q, int pos, float[] row, int off) {
        byte[] quants = q.quants();
        short[] scales = q.scales();
        int perRow = KvBuffer.Q8_0.blocksPerRow(width);
        for (int b = 0; b < perRow; b++) {
            int start = b * KvBuffer.Q8_0.BLOCK;
            int end = Math.min(start + KvBuffer.Q8_0.BLOCK, width);
            float amax = 0;
            for (int i = start; i < end; i++) {
                amax = Math.max(amax, Math.abs(row[off + i]));
            }
            float d = amax / 127f;
            float id = d != 0 ? 1f / d : 0f;
            scales[pos * perRow + b] = Float.floatToFloat16(d);
            for (int i = start; i < end; i++) {
                quants[pos * width + i] = (byte) Math.rint(row[off + i] * id);
            }
        }
    }

    /** The layer's key rows, position-major, in the cache's encoding; valid up to the positions stored so far. */
    public KvBuffer keys(int layer) {
        return keys[layer];
    }

    public KvBuffer values(int layer) {
        return values[layer];
    }
}
