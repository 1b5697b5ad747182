package realizar.format.gguf;

import java.util.Objects;

/**
 * The exact GGUF type of one metadata value, arrays with their element type. Written as a tag: {@code uint32},
 * {@code array[int32]}, {@code array[array[float32]]}; {@code array[array]} is an array of arrays whose inner element
 * types differ (each is then chosen from its value).
 *
 * @param base    the value type
 * @param element for {@link GgufValueType#ARRAY}: the element type, or {@code null} when not one type for all
 */
record GgufType(GgufValueType base, GgufType element) {
    GgufType {
        Objects.requireNonNull(base, "base");
        if (base != GgufValueType.ARRAY && element != null) {
            throw new IllegalArgumentException(base + " has no element type");
        }
    }

    static GgufType of(GgufValueType base) {
        return new GgufType(base, null);
    }

    static GgufType arrayOf(GgufType element) {
        return new GgufType(GgufValueType.ARRAY, element);
    }

    boolean isArray() {
        return base == GgufValueType.ARRAY;
    }

    /** Parses a tag; null when it is not one. */
    static GgufType parse(String tag) {
        if (tag.startsWith("array")) {
            if (tag.equals("array")) {
                return arrayOf(null);
            }
            if (tag.startsWith("array[") && tag.endsWith("]")) {
                GgufType element = parse(tag.substring(6, tag.length() - 1));
                return element == null ? null : arrayOf(element);
            }
            return null;
        }
        GgufValueType t = GgufValueType.byTag(tag);
        return t == null ? null : of(t);
    }

    @Override
    public String toString() {
        if (!isArray()) {
            return base.tag;
        }
        return element == null ? "array" : "array[" + element + "]";
    }
}
