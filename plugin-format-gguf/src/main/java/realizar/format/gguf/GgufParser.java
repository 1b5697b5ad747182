package realizar.format.gguf;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.TensorInfo;
import realizar.api.format.TensorType;

/**
 * Parses a GGUF file's header, metadata and tensor infos, field by field as the spec (ggml/docs/gguf.md) lays them
 * out. Versions 1 (32-bit counts and lengths), 2 and 3 (64-bit).
 */
final class GgufParser {
    static final int MAGIC = 0x46554747;          // "GGUF" read as a little-endian u32
    static final int DEFAULT_ALIGNMENT = 32;
    private static final int MAX_ARRAY_NESTING = 8;
    private static final int MAX_DIMS = 4;         // GGML_MAX_DIMS

    record Header(int version, Map<String, Object> metadata, List<TensorInfo> tensors, long dataOffset, int alignment) {
    }

    private final GgufCursor in;
    private final long fileSize;
    private boolean v1;

    private GgufParser(MemorySegment file, String fileName) {
        this.in = new GgufCursor(file, fileName);
        this.fileSize = file.byteSize();
    }

    static Header parse(MemorySegment file, String fileName) {
        return new GgufParser(file, fileName).header();
    }

    private Header header() {
        int magic = in.u32("magic");                                   // uint32_t magic
        if (magic != MAGIC) {
            throw in.malformed("magic", 0, String.format("expected 'GGUF', found 0x%08x", magic));
        }
        int version = in.u32("version");                               // uint32_t version
        if (version == 0x01000000 || version == 0x02000000 || version == 0x03000000) {
            throw new RealizarException(ErrorCode.UNKNOWN_FORMAT,
                    "big-endian GGUF files are not supported (version field reads " + Integer.reverseBytes(version)
                            + " byte-swapped); convert the file on a little-endian machine");
        }
        if (version < 1 || version > 3) {
            throw in.malformed("version", 4, "unsupported version " + Integer.toUnsignedString(version) + " (supported: 1, 2, 3)");
        }
        v1 = version == 1;
        long tensorCountAt = in.position();
        long tensorCount = in.count(v1 ? Integer.toUnsignedLong(in.u32("tensor_count")) : in.u64("tensor_count"),
                24, "tensor_count", tensorCountAt);                    // uint64_t tensor_count
        long kvCountAt = in.position();
        long kvCount = in.count(v1 ? Integer.toUnsignedLong(in.u32("metadata_kv_count")) : in.u64("metadata_kv_count"),
                12, "metadata_kv_count", kvCountAt);                   // uint64_t metadata_kv_count

        Map<String, Object> metadata = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            long at = in.position();
            String key = in.string(v1, "metadata key #" + i);           // gguf_string_t key
            int typeId = in.u32("type of '" + key + "'");              // gguf_metadata_value_type value_type
            Object value = value(typeId, key, 0);
            if (metadata.put(key, value) != null) {
                throw in.malformed("metadata key '" + key + "'", at, "appears twice");
            }
        }

        int alignment = DEFAULT_ALIGNMENT;
        Object alignValue = metadata.get("general.alignment");
        if (alignValue != null) {
            if (!(alignValue instanceof Number n) || n.longValue() <= 0 || Long.bitCount(n.longValue()) != 1 || n.longValue() > 1 << 20) {
                throw new RealizarException(ErrorCode.MALFORMED_MODEL, "general.alignment must be a power of two, got " + alignValue);
            }
            alignment = n.intValue();
        }

        List<RawTensor> raw = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (long i = 0; i < tensorCount; i++) {
            long at = in.position();
            String name = in.string(v1, "tensor #" + i + " name");     // gguf_string_t name
            if (!names.add(name)) {
                throw in.malformed("tensor name '" + name + "'", at, "appears twice");
            }
            int nDims = in.u32("n_dimensions of '" + name + "'");      // uint32_t n_dimensions
            if (nDims < 1 || nDims > MAX_DIMS) {
                throw in.malformed("n_dimensions of '" + name + "'", in.position() - 4, "must be 1.." + MAX_DIMS + ", got " + Integer.toUnsignedString(nDims));
            }
            long[] dims = new long[nDims];
            for (int d = 0; d < nDims; d++) {                          // uint64_t dimensions[n_dimensions]
                long dimAt = in.position();
                dims[d] = v1 ? Integer.toUnsignedLong(in.u32("dimension")) : in.u64("dimension " + d + " of '" + name + "'");
                if (dims[d] <= 0 || dims[d] > fileSize * 256) {
                    throw in.malformed("dimension " + d + " of '" + name + "'", dimAt, "absurd value " + Long.toUnsignedString(dims[d]));
                }
            }
            long typeAt = in.position();
            int typeId = in.u32("type of '" + name + "'");             // ggml_type type
            TensorType type = TensorType.byGgmlId(typeId).orElseThrow(() -> new RealizarException(ErrorCode.UNSUPPORTED_TENSOR_TYPE,
                    "tensor '" + name + "' has unknown ggml type id " + typeId + " (byte " + typeAt + ")"));
            long offset = in.u64("offset of '" + name + "'");           // uint64_t offset
            raw.add(new RawTensor(name, type, dims, offset, at));
        }

        long dataOffset = alignUp(in.position(), alignment);
        List<TensorInfo> tensors = new ArrayList<>(raw.size());
        for (RawTensor t : raw) {
            tensors.add(resolveTensor(t, dataOffset, alignment));
        }
        return new Header(version, metadata, List.copyOf(tensors), dataOffset, alignment);
    }

    private record RawTensor(String name, TensorType type, long[] dims, long offset, long infoAt) {
    }

    private Object value(int typeId, String key, int depth) {
        GgufValueType type = GgufValueType.byId(typeId);
        if (type == null) {
            throw in.malformed("type of '" + key + "'", in.position() - 4, "unknown value type " + Integer.toUnsignedString(typeId));
        }
        return switch (type) {
            case UINT8 -> Byte.toUnsignedInt(in.u8(key));
            case INT8 -> (int) in.u8(key);
            case UINT16 -> Short.toUnsignedInt(in.u16(key));
            case INT16 -> (int) in.u16(key);
            case UINT32 -> Integer.toUnsignedLong(in.u32(key));
            case INT32 -> in.u32(key);
            case FLOAT32 -> in.f32(key);
            case BOOL -> bool(key);
            case STRING -> in.string(v1, key);
            case UINT64, INT64 -> in.u64(key);
            case FLOAT64 -> in.f64(key);
            case ARRAY -> array(key, depth);
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

    private Object array(String key, int depth) {
        if (depth >= MAX_ARRAY_NESTING) {
            throw in.malformed("array '" + key + "'", in.position(), "nested deeper than " + MAX_ARRAY_NESTING);
        }
        int elemTypeId = in.u32("element type of '" + key + "'");
        GgufValueType elem = GgufValueType.byId(elemTypeId);
        if (elem == null) {
            throw in.malformed("element type of '" + key + "'", in.position() - 4, "unknown value type " + Integer.toUnsignedString(elemTypeId));
        }
        long at = in.position();
        long raw = v1 ? Integer.toUnsignedLong(in.u32("length of '" + key + "'")) : in.u64("length of '" + key + "'");
        int n = Math.toIntExact(Math.min(Integer.MAX_VALUE - 8, in.count(raw, elem.minBytes, "length of '" + key + "'", at)));
        if (n != raw) {
            throw in.malformed("length of '" + key + "'", at, "too long: " + raw);
        }
        return switch (elem) {
            case UINT8, INT8, UINT16, INT16, INT32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = ((Number) value(elem.id, key, depth + 1)).intValue();
                }
                yield a;
            }
            case UINT32, UINT64, INT64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = ((Number) value(elem.id, key, depth + 1)).longValue();
                }
                yield a;
            }
            case FLOAT32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = in.f32(key);
                }
                yield a;
            }
            case FLOAT64 -> {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = in.f64(key);
                }
                yield a;
            }
            case BOOL -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = bool(key);
                }
                yield a;
            }
            case STRING -> {
                List<String> a = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    a.add(in.string(v1, key + "[" + i + "]"));
                }
                yield List.copyOf(a);
            }
            case ARRAY -> {
                List<Object> a = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    a.add(array(key + "[" + i + "]", depth + 1));
                }
                yield List.copyOf(a);
            }
        };
    }

    private RealizarException tensorError(RawTensor t, String what) {
        return in.malformed("tensor info '" + t.name + "'", t.infoAt, what);
    }

    private TensorInfo resolveTensor(RawTensor t, long dataOffset, int alignment) {
        long elements = 1;
        try {
            for (long d : t.dims) {
                elements = Math.multiplyExact(elements, d);
            }
        } catch (ArithmeticException e) {
            throw tensorError(t, "element count overflows");
        }
        if (t.dims[0] % t.type.blockSize() != 0) {
            throw tensorError(t, "row length " + t.dims[0] + " is not a multiple of the " + t.type + " block size " + t.type.blockSize());
        }
        long bytes = t.type.bytesFor(elements);
        if (t.offset % alignment != 0) {
            throw tensorError(t, "data offset " + t.offset + " is not aligned to " + alignment);
        }
        long start = dataOffset + t.offset;
        if (t.offset < 0 || start < dataOffset || start > fileSize || bytes > fileSize - start) {
            throw tensorError(t, "data [" + Long.toUnsignedString(t.offset) + ", +" + bytes + ") relative to the data section at "
                    + dataOffset + " runs past the end of the file (" + fileSize + " bytes)");
        }
        return new TensorInfo(t.name, t.type, t.dims, start, bytes);
    }

    static long alignUp(long offset, int alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }
}
