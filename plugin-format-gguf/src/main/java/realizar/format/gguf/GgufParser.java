package realizar.format.gguf;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
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
 * out. Versions 1 (32-bit counts and lengths), 2 and 3 (64-bit). Every field is checked against the file size and
 * every allocation against a heap budget: corrupt input ends in a {@link RealizarException} naming the field and its
 * byte offset.
 */
final class GgufParser {
    static final int MAGIC = 0x46554747;          // "GGUF" read as a little-endian u32
    static final int DEFAULT_ALIGNMENT = 32;
    static final String ALIGNMENT_KEY = "general.alignment";
    static final int MAX_ALIGNMENT = 1 << 20;
    private static final int MAX_DIMS = 4;         // GGML_MAX_DIMS
    private static final int TENSOR_INFO_HEAP_BYTES = 256;

    /**
     * What the header says.
     *
     * @param types      each key's exact GGUF type, in metadata order
     * @param dataOffset absolute offset of the tensor data section
     */
    record Header(int version, Map<String, Object> metadata, Map<String, GgufType> types, List<TensorInfo> tensors,
                  long dataOffset, int alignment) {
    }

    private final GgufCursor in;
    private final long fileSize;

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
            throw new RealizarException(ErrorCode.UNKNOWN_FORMAT, in.fileName() + ": not a GGUF file: magic at byte 0 is "
                    + String.format("0x%08x", magic) + ", expected 'GGUF'");
        }
        int version = in.u32("version");                               // uint32_t version
        if (version == 0x01000000 || version == 0x02000000 || version == 0x03000000) {
            throw new RealizarException(ErrorCode.UNKNOWN_FORMAT, in.fileName() + ": big-endian GGUF files are not supported"
                    + " (version at byte 4 reads " + Integer.reverseBytes(version) + " byte-swapped);"
                    + " convert the file to little-endian (gguf-py's gguf_convert_endian.py)");
        }
        if (version < 1 || version > 3) {
            throw in.malformed("version", 4, "unsupported version " + Integer.toUnsignedString(version) + " (supported: 1, 2, 3)");
        }
        boolean v1 = version == 1;
        GgufValueReader values = new GgufValueReader(in, v1);
        long tensorCountAt = in.position();
        long tensorCount = in.count(v1 ? Integer.toUnsignedLong(in.u32("tensor_count")) : in.u64("tensor_count"),
                v1 ? 24 : 32, "tensor_count", tensorCountAt);          // uint64_t tensor_count
        long kvCountAt = in.position();
        long kvCount = in.count(v1 ? Integer.toUnsignedLong(in.u32("metadata_kv_count")) : in.u64("metadata_kv_count"),
                v1 ? 9 : 13, "metadata_kv_count", kvCountAt);          // uint64_t metadata_kv_count

        Map<String, Object> metadata = new LinkedHashMap<>();
        Map<String, GgufType> types = new LinkedHashMap<>();
        long alignmentAt = -1;
        for (long i = 0; i < kvCount; i++) {
            long at = in.position();
            String key = values.string("metadata key #" + i);         // gguf_string_t key
            GgufValueReader.Decoded value = values.typedValue(key);    // gguf_metadata_value_type, value
            if (metadata.put(key, value.value()) != null) {
                throw in.malformed("metadata key '" + key + "'", at, "appears twice");
            }
            types.put(key, value.type());
            if (key.equals(ALIGNMENT_KEY)) {
                alignmentAt = at;
            }
        }
        int alignment = alignment(metadata.get(ALIGNMENT_KEY), alignmentAt);

        List<RawTensor> raw = new ArrayList<>((int) Math.min(tensorCount, 1024));
        Set<String> names = new HashSet<>();
        for (long i = 0; i < tensorCount; i++) {
            long at = in.position();
            values.charge(TENSOR_INFO_HEAP_BYTES, "tensor #" + i, at);
            String name = values.string("tensor #" + i + " name");     // gguf_string_t name
            if (!names.add(name)) {
                throw in.malformed("tensor name '" + name + "'", at, "appears twice");
            }
            long nDimsAt = in.position();
            int nDims = in.u32("n_dimensions of '" + name + "'");      // uint32_t n_dimensions
            if (nDims < 1 || nDims > MAX_DIMS) {
                throw in.malformed("n_dimensions of '" + name + "'", nDimsAt,
                        "must be 1.." + MAX_DIMS + ", got " + Integer.toUnsignedString(nDims));
            }
            long[] dims = new long[nDims];
            for (int d = 0; d < nDims; d++) {                          // uint64_t dimensions[n_dimensions]
                String field = "dimension " + d + " of '" + name + "'";
                long dimAt = in.position();
                dims[d] = v1 ? Integer.toUnsignedLong(in.u32(field)) : in.u64(field);
                if (dims[d] <= 0) {
                    throw in.malformed(field, dimAt, "must be positive, got " + Long.toUnsignedString(dims[d]));
                }
            }
            long typeAt = in.position();
            int typeId = in.u32("type of '" + name + "'");             // ggml_type type
            TensorType type = TensorType.byGgmlId(typeId).orElseThrow(() -> new RealizarException(ErrorCode.UNSUPPORTED_TENSOR_TYPE,
                    in.fileName() + ": tensor '" + name + "' has unknown ggml type id " + Integer.toUnsignedString(typeId)
                            + " (byte " + typeAt + ")"));
            long offsetAt = in.position();
            long offset = in.u64("offset of '" + name + "'");           // uint64_t offset
            raw.add(new RawTensor(name, type, dims, offset, at, offsetAt));
        }

        long dataOffset = alignUp(in.position(), alignment);
        List<TensorInfo> tensors = new ArrayList<>(raw.size());
        for (RawTensor t : raw) {
            tensors.add(resolveTensor(t, dataOffset, alignment));
        }
        checkNoOverlap(tensors, raw);
        return new Header(version, metadata, types, List.copyOf(tensors), dataOffset, alignment);
    }

    private int alignment(Object value, long at) {
        if (value == null) {
            return DEFAULT_ALIGNMENT;
        }
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() <= 0
                || Long.bitCount(((Number) value).longValue()) != 1 || ((Number) value).longValue() > MAX_ALIGNMENT) {
            throw in.malformed(ALIGNMENT_KEY, at, "must be a power of two up to " + MAX_ALIGNMENT + ", got " + value);
        }
        return ((Number) value).intValue();
    }

    private record RawTensor(String name, TensorType type, long[] dims, long offset, long infoAt, long offsetAt) {
    }

    private RealizarException tensorError(RawTensor t, long at, String what) {
        return in.malformed("tensor info '" + t.name + "'", at, what);
    }

    private TensorInfo resolveTensor(RawTensor t, long dataOffset, int alignment) {
        long elements = 1;
        try {
            for (long d : t.dims) {
                elements = Math.multiplyExact(elements, d);
            }
        } catch (ArithmeticException e) {
            throw tensorError(t, t.infoAt, "element count overflows");
        }
        if (t.dims[0] % t.type.blockSize() != 0) {
            throw tensorError(t, t.infoAt, "row length " + t.dims[0] + " is not a multiple of the " + t.type
                    + " block size " + t.type.blockSize());
        }
        long bytes;
        try {
            bytes = t.type.bytesFor(elements);
        } catch (ArithmeticException e) {
            throw tensorError(t, t.infoAt, "byte size overflows");
        }
        long start = dataOffset + t.offset;
        if (t.offset < 0 || start < dataOffset || start > fileSize || bytes > fileSize - start) {
            throw tensorError(t, t.offsetAt, "data [" + Long.toUnsignedString(t.offset) + ", +" + bytes + ") relative to the"
                    + " data section at " + dataOffset + " runs past the end of the file (" + fileSize + " bytes)");
        }
        if (t.offset % alignment != 0) {
            throw tensorError(t, t.offsetAt, "data offset " + t.offset + " is not a multiple of the alignment " + alignment);
        }
        return new TensorInfo(t.name, t.type, t.dims, start, bytes);
    }

    /** Tensors may come in any order, but no two may share bytes (llama.cpp lays them out one after another). */
    private void checkNoOverlap(List<TensorInfo> tensors, List<RawTensor> raw) {
        List<Integer> order = new ArrayList<>(tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong(i -> tensors.get(i).dataOffset()));
        for (int k = 1; k < order.size(); k++) {
            TensorInfo prev = tensors.get(order.get(k - 1));
            TensorInfo next = tensors.get(order.get(k));
            if (next.dataOffset() < prev.dataOffset() + prev.byteSize()) {
                RawTensor t = raw.get(order.get(k));
                throw tensorError(t, t.offsetAt, "data at byte " + next.dataOffset() + " overlaps tensor '" + prev.name()
                        + "' [" + prev.dataOffset() + ", " + (prev.dataOffset() + prev.byteSize()) + ")");
            }
        }
    }

    static long alignUp(long offset, int alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }
}
