package realizar.api.format;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/**
 * A model's key/value metadata, in file order. Values are {@link String}, {@link Boolean}, {@link Integer} (8 to 32
 * bit signed and 8/16 bit unsigned integers), {@link Long} (unsigned 32 bit and all 64 bit integers), {@link Float},
 * {@link Double}, primitive arrays ({@code int[]}, {@code long[]}, {@code float[]}, {@code double[]},
 * {@code boolean[]}) for numeric arrays, {@code List<String>} for string arrays and {@code List<Object>} for arrays
 * of arrays. Immutable and safe to share between threads.
 */
public final class Metadata {
    private final Map<String, Object> values;

    public Metadata(Map<String, ?> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Metadata empty() {
        return new Metadata(Map.of());
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Optional<Object> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public Optional<String> findString(String key) {
        return get(key).map(v -> as(key, v, String.class));
    }

    public String getString(String key) {
        return as(key, require(key), String.class);
    }

    public Optional<Long> findLong(String key) {
        return get(key).map(v -> as(key, v, Number.class).longValue());
    }

    public long getLong(String key) {
        return as(key, require(key), Number.class).longValue();
    }

    public int getInt(String key) {
        return Math.toIntExact(getLong(key));
    }

    public int getInt(String key, int fallback) {
        return findLong(key).map(Math::toIntExact).orElse(fallback);
    }

    public float getFloat(String key, float fallback) {
        return get(key).map(v -> as(key, v, Number.class).floatValue()).orElse(fallback);
    }

    public float getFloat(String key) {
        return as(key, require(key), Number.class).floatValue();
    }

    public boolean getBoolean(String key, boolean fallback) {
        return get(key).map(v -> as(key, v, Boolean.class)).orElse(fallback);
    }

    @SuppressWarnings("unchecked")
    public List<String> getStrings(String key) {
        return (List<String>) as(key, require(key), List.class);
    }

    public float[] getFloats(String key) {
        Object v = require(key);
        if (v instanceof float[] f) {
            return f;
        }
        if (v instanceof double[] d) {
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }
        throw wrongType(key, v, "float array");
    }

    public int[] getInts(String key) {
        Object v = require(key);
        if (v instanceof int[] i) {
            return i;
        }
        if (v instanceof long[] l) {
            int[] i = new int[l.length];
            for (int k = 0; k < l.length; k++) {
                i[k] = Math.toIntExact(l[k]);
            }
            return i;
        }
        throw wrongType(key, v, "integer array");
    }

    private Object require(String key) {
        Object v = values.get(key);
        if (v == null) {
            throw new RealizarException(ErrorCode.MALFORMED_MODEL, "metadata key '" + key + "' is missing");
        }
        return v;
    }

    private static <T> T as(String key, Object v, Class<T> type) {
        if (!type.isInstance(v)) {
            throw wrongType(key, v, type.getSimpleName());
        }
        return type.cast(v);
    }

    private static RealizarException wrongType(String key, Object v, String expected) {
        return new RealizarException(ErrorCode.MALFORMED_MODEL,
                "metadata key '" + key + "' should be " + expected + " but is " + v.getClass().getSimpleName());
    }
}
