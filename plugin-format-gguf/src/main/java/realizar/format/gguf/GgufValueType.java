package realizar.format.gguf;

/** GGUF metadata value types, with their on-disk ids (gguf.md: {@code enum gguf_metadata_value_type}). */
enum GgufValueType {
    UINT8(0, 1), INT8(1, 1), UINT16(2, 2), INT16(3, 2), UINT32(4, 4), INT32(5, 4), FLOAT32(6, 4), BOOL(7, 1),
    STRING(8, 4), ARRAY(9, 8), UINT64(10, 8), INT64(11, 8), FLOAT64(12, 8);

    final int id;
    /** Smallest number of bytes one value of this type takes (used to reject absurd array counts early). */
    final int minBytes;

    GgufValueType(int id, int minBytes) {
        this.id = id;
        this.minBytes = minBytes;
    }

    static GgufValueType byId(int id) {
        for (GgufValueType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        return null;
    }
}
