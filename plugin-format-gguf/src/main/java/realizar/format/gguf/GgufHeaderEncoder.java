package realizar.format.gguf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;


/**
 * Encodes a GGUF v3 header (magic, version, counts, metadata key/values, tensor infos) into a heap buffer, field by
 * field in the order ggml/docs/gguf.md lays them out. Only the header lives on the heap; tensor data never does.
 */
final class GgufHeaderEncoder {
    static final int VERSION = 3;

    private ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

    private ByteBuffer room(int bytes) {
        if (buf.remaining() < bytes) {
            long wanted = Math.max((long) buf.capacity() * 2, (long) buf.position() + bytes);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw GgufMetadataTypes.invalid("(header)", "the GGUF header would exceed 2 GiB");
            }
            ByteBuffer bigger = ByteBuffer.allocate((int) wanted).order(ByteOrder.LITTLE_ENDIAN);
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
        return buf;
    }

    long position() {
        return buf.position();
    }

    /** The bytes written so far, padded with zeros to a multiple of {@code alignment}. */
    ByteBuffer finish(int alignment) {
        int padding = (int) (GgufParser.alignUp(buf.position(), alignment) - buf.position());
        room(padding).put(new byte[padding]);
        return buf.duplicate().flip();
    }

    void header(long tensorCount, long kvCount) {
        u32(GgufParser.MAGIC);                 // uint32_t magic
        u32(VERSION);                          // uint32_t version
        u64(tensorCount);                      // uint64_t tensor_count
        u64(kvCount);                          // uint64_t metadata_kv_count
    }

    void u32(int v) {
        room(4).putInt(v);
    }

    void u64(long v) {
        room(8).putLong(v);
    }

    /** gguf_string_t: uint64_t length, then the UTF-8 bytes, no terminator. */
    void string(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        u64(bytes.length);
        room(bytes.length).put(bytes);
    }

    /** gguf_metadata_kv_t: key, value type, value. */
    void keyValue(String key, GgufType type, Object value) {
        GgufType resolved = resolve(key, type, value);
        string(key);
        u32(resolved.base().id);
        value(key, resolved, value);
    }

    /** An array type whose element is open ({@code array}) takes the type of its value. */
    private static GgufType resolve(String key, GgufType type, Object value) {
        return type.isArray() && type.element() == null ? GgufMetadataTypes.byJavaType(key, value) : type;
    }

    private void value(String key, GgufType type, Object value) {
        switch (type.base()) {
            case UINT8, INT8 -> room(1).put((byte) ((Number) value).longValue());
            case UINT16, INT16 -> room(2).putShort((short) ((Number) value).longValue());
            case UINT32, INT32 -> u32((int) ((Number) value).longValue());
            case UINT64, INT64 -> u64(((Number) value).longValue());
            case FLOAT32 -> room(4).putFloat(((Number) value).floatValue());
            case FLOAT64 -> room(8).putDouble(((Number) value).doubleValue());
            case BOOL -> room(1).put((byte) ((Boolean) value ? 1 : 0));
            case STRING -> string((String) value);
            case ARRAY -> array(key, type.element(), value);
        }
    }

    /** The array value: element type, uint64_t length, the elements (arrays of arrays: each typed by itself). */
    private void array(String key, GgufType element, Object value) {
        GgufValueType base = element.base();
        u32(base.id);
        switch (value) {
            case int[] a -> {
                u64(a.length);
                for (int v : a) {
                    value(key, element, v);
                }
            }
            case long[] a -> {
                u64(a.length);
                for (long v : a) {
                    value(key, element, v);
                }
            }
            case float[] a -> {
                u64(a.length);
                for (float v : a) {
                    value(key, element, v);
                }
            }
            case double[] a -> {
                u64(a.length);
                for (double v : a) {
                    value(key, element, v);
                }
            }
            case boolean[] a -> {
                u64(a.length);
                for (boolean v : a) {
                    value(key, element, v);
                }
            }
            case List<?> list -> {
                u64(list.size());
                for (Object item : list) {
                    value(key, resolve(key, element, item), item);
                }
            }
            default -> throw new IllegalStateException("not an array: " + value.getClass());
        }
    }
}
