package realizar.format.gguf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Decodes GGUF metadata values ({@code gguf_metadata_value_t}) into the Java types {@link realizar.api.format.Metadata}
 * documents, keeping each value's exact GGUF type. Every allocation is charged to a heap budget before it is made, so
 * a corrupt count or length ends in an error naming the field and byte offset, never in an OutOfMemoryError.
 */
final class GgufValueReader {
    /** Deepest array-of-array nesting accepted (llama.cpp itself reads none). */
    static final int MAX_ARRAY_NESTING = 8;
    /** Heap the decoded header may take; real files (vocabularies of 262k tokens) need a few tens of MiB. */
    static final long HEAP_BUDGET = 256L << 20;
    private static final int OBJECT_BYTES = 16;
    private static final int STRING_BYTES = 48;

    /** A decoded value and its exact type. */
    record Decoded(Object value, GgufType type) {
    }

    private final GgufCursor in;
    private final boolean v1;
    private long heapLeft = HEAP_BUDGET;

    GgufValueReader(GgufCursor in, boolean v1) {
        this.in = in;
        this.v1 = v1;
    }

    /** Charges {@code bytes} of heap about to be allocated for {@code field}, read at byte {@code at}. */
    void charge(long bytes, String field, long at) {
        if (bytes < 0 || bytes > heapLeft) {
            throw in.malformed(field, at, "the header would need more than " + (HEAP_BUDGET >> 20) + " MiB of memory");
        }
        heapLeft -= bytes;
    }

    /** A GGUF string, charged to the budget. */
    String string(String field) {
        long at = in.position();
        long length = in.stringLength(v1, field);
        charge(STRING_BYTES + 2 * length, field, at);
        return in.stringBody(length, field);
    }

    /** Reads a {@code gguf_metadata_value_type} id and the value after it. */
    Decoded typedValue(String key) {
        long typeAt = in.position();
        int typeId = in.u32("type of '" + key + "'");
        GgufValueType type = GgufValueType.byId(typeId);
        if (type == null) {
            throw in.malformed("type of '" + key + "'", typeAt, "unknown value type " + Integer.toUnsignedString(typeId));
        }
        return value(type, key, 0);
    }

    private Decoded value(GgufValueType type, String key, int depth) {
        if (type == GgufValueType.ARRAY) {
            return array(key, depth);
        }
        charge(OBJECT_BYTES, key, in.position());
        return new Decoded(scalar(type, key), GgufType.of(type));
    }

    private Object scalar(GgufValueType type, String key) {
        return switch (type) {
            case UINT8 -> Byte.toUnsignedInt(in.u8(key));
            case INT8 -> (int) in.u8(key);
            case UINT16 -> Short.toUnsignedInt(in.u16(key));
            case INT16 -> (int) in.u16(key);
            case UINT32 -> Integer.toUnsignedLong(in.u32(key));
            case INT32 -> in.u32(key);
            case FLOAT32 -> in.f32(key);
            case BOOL -> bool(key);
            case STRING -> string(key);
            case UINT64, INT64 -> in.u64(key);
            case FLOAT64 -> in.f64(key);
            case ARRAY -> throw new IllegalStateException("arrays are not scalars");
        };
    }

    private long integer(GgufValueType type, String key) {
        return switch (type) {
            case UINT8 -> Byte.toUnsignedInt(in.u8(key));
            case INT8 -> in.u8(key);
            case UINT16 -> Short.toUnsignedInt(in.u16(key));
            case INT16 -> in.u16(key);
            case UINT32 -> Integer.toUnsignedLong(in.u32(key));
            case INT32 -> in.u32(key);
            case UINT64, INT64 -> in.u64(key);
            default -> throw new IllegalStateException(type + " is not an integer type");
        };
    }

    private boolean bool(String key) {
        long at = in.position();
        byte b = in.u8(key);
        if (b != 0 && b != 1) {
            throw in.malformed("bool '" + key + "'", at, "must be 0 or 1, got " + b);
        }
        return b == 1;
    }

    private Decoded array(String key, int depth) {
        if (depth >= MAX_ARRAY_NESTING) {
            throw in.malformed("array '" + key + "'", in.position(), "nested deeper than " + MAX_ARRAY_NESTING + " levels");
        }
        long typeAt = in.position();
        int elemTypeId = in.u32("element type of '" + key + "'");
        GgufValueType elem = GgufValueType.byId(elemTypeId);
        if (elem == null) {
            throw in.malformed("element type of '" + key + "'", typeAt, "unknown value type " + Integer.toUnsignedString(elemTypeId));
        }
        long at = in.position();
        String lengthField = "length of '" + key + "'";
        long raw = v1 ? Integer.toUnsignedLong(in.u32(lengthField)) : in.u64(lengthField);
        long count = in.count(raw, elem.minBytes, lengthField, at);
        if (count > Integer.MAX_VALUE - 8) {
            throw in.malformed(lengthField, at, "too long: " + count);
        }
        int n = (int) count;
        charge(OBJECT_BYTES + (long) n * elem.heapBytes, lengthField, at);
        return switch (elem) {
            case UINT8, INT8, UINT16, INT16, INT32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (int) integer(elem, key);
                }
                yield new Decoded(a, GgufType.arrayOf(GgufType.of(elem)));
            }
            case UINT32, UINT64, INT64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = integer(elem, key);
                }
                yield new Decoded(a, GgufType.arrayOf(GgufType.of(elem)));
            }
            case FLOAT32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = in.f32(key);
                }
                yield new Decoded(a, GgufType.arrayOf(GgufType.of(elem)));
            }
            case FLOAT64 -> {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = in.f64(key);
                }
                yield new Decoded(a, GgufType.arrayOf(GgufType.of(elem)));
            }
            case BOOL -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = bool(key);
                }
                yield new Decoded(a, GgufType.arrayOf(GgufType.of(elem)));
            }
            case STRING -> {
                List<String> a = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) {
                    a.add(string(key + "[" + i + "]"));
                }
                yield new Decoded(Collections.unmodifiableList(a), GgufType.arrayOf(GgufType.of(elem)));
            }
            case ARRAY -> {
                List<Object> a = new ArrayList<>(Math.min(n, 1024));
                GgufType common = null;
                boolean uniform = true;
                for (int i = 0; i < n; i++) {
                    Decoded inner = array(key + "[" + i + "]", depth + 1);
                    a.add(inner.value());
                    uniform &= common == null || common.equals(inner.type());
                    common = inner.type();
                }
                GgufType element = uniform && common != null ? common : GgufType.arrayOf(null);
                yield new Decoded(Collections.unmodifiableList(a), GgufType.arrayOf(element));
            }
        };
    }
}
