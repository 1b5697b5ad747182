package realizar.runtime.model;

/**
 * The keys and values of one sequence: per layer, one row of {@code width} values per position, rounded to the
 * {@link KvType}'s precision as they are stored (llama.cpp's {@code cpy_k}/{@code cpy_v} into an F16 or Q8_0 cache).
 * Allocated once for the whole context. Not thread-safe.
 */
public final class KvCache {
    private final KvType type;
    private final int contextLength;
    private final int width;
    private final float[][] keys;
    private final float[][] values;

    public KvCache(int layers, int contextLength, int width, KvType type) {
        this.type = type;
        this.contextLength = contextLength;
        this.width = width;
        int size = Math.multiplyExact(contextLength, width);
        this.keys = new float[layers][size];
        this.values = new float[layers][size];
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

    /** Stores the key row {@code k[kOff…]} and value row {@code v[vOff…]} of {@code layer} at {@code pos}. */
    public void store(int layer, int pos, float[] k, int kOff, float[] v, int vOff) {
        int at = pos * width;
        System.arraycopy(k, kOff, keys[layer], at, width);
        System.arraycopy(v, vOff, values[layer], at, width);
        type.round(keys[layer], at, width);
        type.round(values[layer], at, width);
    }

    /** The layer's key rows, position-major; valid up to the positions stored so far. */
    public float[] keys(int layer) {
        return keys[layer];
    }

    public float[] values(int layer) {
        return values[layer];
    }
}
