package realizar.format.gguf;

import java.util.Locale;

/** GGUF metadata value types, with their on-disk ids (gguf.md: {@code enum gguf_metadata_value_type}). */
enum GgufValueType {
    UINT8(0, 1, 4), INT8(1, 1, 4), UINT16(2, 2, 4), INT16(3, 2, 4), UINT32(4, 4, 8), INT32(5, 4, 4),
    FLOAT32(6, 4, 4), BOOL(7, 1, 1), STRING(8, 4, 8), ARRAY(9, 8, 8), UINT64(10, 8, 8), INT64(11, 8, 8),
    FLOAT64(12, 8, 8);

    final int id;
    /** Smallest number of bytes one value of this type takes on disk (rejects absurd array counts early). */
    final int minBytes;
    /** Bytes one array element takes on the heap in the Java array the parser decodes it to. */
    final int heapBytes;
    /** The name gguf.md and gguf-py use ({@code uint32}), as written in type tags. */
    final String tag;

    GgufValueType(int id, int minBytes, int heapBytes) {
        this.id = id;
        this.minBytes = minBytes;
        this.heapBytes = heapBytes;
        this.tag = name().toLowerCase(Locale.ROOT);
    }

    boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
            default -> false;
        };
    }

    static GgufValueType byId(int id) {
        for (GgufValueType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        return null;
    }

    static GgufValueType byTag(String tag) {
        for (GgufValueType t : values()) {
            if (t.tag.equals(tag)) {
                return t;
            }
        }
        return null;
    }
}
