package realizar.format.safetensors;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.TensorType;

/**
 * A safetensors file's header, parsed and validated as the format's specification (huggingface/safetensors README)
 * lays it out: {@code u64 N} (little-endian), {@code N} bytes of UTF-8 JSON — an object mapping each tensor name to
 * {@code {"dtype", "shape", "data_offsets": [begin, end]}} plus an optional {@code "__metadata__"} string map — then
 * the data, offsets relative to byte {@code 8 + N}.
 *
 * <p>Checked: the header length against {@link #MAX_HEADER_BYTES} and the file size; that the JSON is an object of
 * well-formed entries; known dtypes; non-negative shapes whose element count times the dtype size equals
 * {@code end - begin}; offsets inside the file; no two tensors sharing bytes. Errors name the file, the tensor and
 * the byte offset.
 */
record SafetensorsHeader(long dataStart, List<Entry> entries, Map<String, String> metadata) {
    /** The reference implementation's limit (safetensors' {@code MAX_HEADER_SIZE}, 100 MB). */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";

    /**
     * One tensor as the header describes it.
     *
     * @param type  the api type, or null for a dtype the api has no type for ({@code U8}, {@code BOOL}, ...)
     * @param shape row-major (numpy) shape, as stored
     * @param begin absolute byte offset in the file
     */
    record Entry(String name, String dtype, TensorType type, long[] shape, long begin, long byteSize) {
    }

    /** A safetensors dtype: its element size and the api type, when there is one. */
    private record Dtype(int bytes, TensorType type) {
    }

    private static final Map<String, Dtype> DTYPES = Map.ofEntries(
            Map.entry("F64", new Dtype(8, TensorType.F64)),
            Map.entry("F32", new Dtype(4, TensorType.F32)),
            Map.entry("F16", new Dtype(2, TensorType.F16)),
            Map.entry("BF16", new Dtype(2, TensorType.BF16)),
            Map.entry("I64", new Dtype(8, TensorType.I64)),
            Map.entry("I32", new Dtype(4, TensorType.I32)),
            Map.entry("I16", new Dtype(2, TensorType.I16)),
            Map.entry("I8", new Dtype(1, TensorType.I8)),
            // Readable by the header, but the api has no element type for them: such tensors are listed, not offered.
            Map.entry("U64", new Dtype(8, null)),
            Map.entry("U32", new Dtype(4, null)),
            Map.entry("U16", new Dtype(2, null)),
            Map.entry("U8", new Dtype(1, null)),
            Map.entry("BOOL", new Dtype(1, null)),
            Map.entry("F8_E4M3", new Dtype(1, null)),
            Map.entry("F8_E5M2", new Dtype(1, null)));

    /** Whether {@code head} starts like a safetensors file: a plausible length, then '{'. */
    static boolean looksLikeSafetensors(java.nio.ByteBuffer head) {
        if (head.remaining() < 9) {
            return false;
        }
        long n = head.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong(head.position());
        return n >= 2 && n <= MAX_HEADER_BYTES && head.get(head.position() + 8) == '{';
    }

    static SafetensorsHeader parse(MemorySegment file, String fileName) {
        long size = file.byteSize();
        if (size < 8) {
            throw malformed(fileName, 0, "header length", "the file has " + size + " bytes, fewer than the 8 of the length field");
        }
        long n = file.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (n < 2 || n > MAX_HEADER_BYTES) {
            throw malformed(fileName, 0, "header length", "is " + Long.toUnsignedString(n) + ", must be 2.." + MAX_HEADER_BYTES);
        }
        if (n > size - 8) {
            throw malformed(fileName, 0, "header length", "says " + n + " bytes of JSON but only " + (size - 8) + " follow");
        }
        byte[] bytes = file.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE);
        if (bytes[0] != '{') {
            throw new RealizarException(ErrorCode.UNKNOWN_FORMAT, fileName + ": not a safetensors file: byte 8 is not '{'");
        }
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw malformed(fileName, 8, "header", "is not valid UTF-8");
        }
        Object root = Json.parse(json, fileName + " header (at byte 8)");
        if (!(root instanceof Map<?, ?> map)) {
            throw malformed(fileName, 8, "header", "is not a JSON object");
        }
        long dataStart = 8 + n;
        List<Entry> entries = new ArrayList<>(map.size());
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) {
                readMetadata(fileName, e.getValue(), metadata);
                continue;
            }
            entries.add(entry(fileName, name, e.getValue(), dataStart, size));
        }
        checkNoOverlap(fileName, entries);
        return new SafetensorsHeader(dataStart, List.copyOf(entries), Map.copyOf(metadata));
    }

    private static void readMetadata(String fileName, Object value, Map<String, String> out) {
        if (!(value instanceof Map<?, ?> m)) {
            throw malformed(fileName, 8, METADATA_KEY, "must be an object of strings");
        }
        for (Map.Entry<?, ?> kv : m.entrySet()) {
            if (!(kv.getValue() instanceof String s)) {
                throw malformed(fileName, 8, METADATA_KEY + "." + kv.getKey(), "must be a string");
            }
            out.put((String) kv.getKey(), s);
        }
    }

    private static Entry entry(String fileName, String name, Object value, long dataStart, long fileSize) {
        String what = "tensor '" + name + "'";
        if (!(value instanceof Map<?, ?> m)) {
            throw malformed(fileName, 8, what, "is not an object");
        }
        if (!(m.get("dtype") instanceof String dtypeName)) {
            throw malformed(fileName, 8, what, "has no string 'dtype'");
        }
        Dtype dtype = DTYPES.get(dtypeName);
        if (dtype == null) {
            throw new RealizarException(ErrorCode.UNSUPPORTED_TENSOR_TYPE, fileName + ": " + what + " has unknown dtype '"
                    + dtypeName + "' (known: " + new java.util.TreeSet<>(DTYPES.keySet()) + ")");
        }
        long[] shape = longs(fileName, what, "shape", m.get("shape"), -1);
        long[] offsets = longs(fileName, what, "data_offsets", m.get("data_offsets"), 2);
        long elements = 1;
        try {
            for (long d : shape) {
                if (d < 0) {
                    throw malformed(fileName, 8, what, "has a negative dimension in shape " + java.util.Arrays.toString(shape));
                }
                elements = Math.multiplyExact(elements, d);
            }
            long expected = Math.multiplyExact(elements, (long) dtype.bytes());
            long begin = offsets[0];
            long end = offsets[1];
            if (begin < 0 || end < begin) {
                throw malformed(fileName, 8, what, "has data_offsets [" + begin + ", " + end + "]: begin must be >= 0 and <= end");
            }
            if (end - begin != expected) {
                throw malformed(fileName, 8, what, "spans " + (end - begin) + " bytes but its " + dtypeName + " shape "
                        + java.util.Arrays.toString(shape) + " needs " + expected);
            }
            if (end > fileSize - dataStart) {
                throw malformed(fileName, dataStart + begin, what, "data [" + begin + ", " + end + ") relative to byte " + dataStart
                        + " runs past the end of the file (" + fileSize + " bytes)");
            }
            return new Entry(name, dtypeName, dtype.type(), shape, dataStart + begin, end - begin);
        } catch (ArithmeticException e) {
            throw malformed(fileName, 8, what, "has a shape whose byte size overflows: " + java.util.Arrays.toString(shape));
        }
    }

    private static long[] longs(String fileName, String what, String field, Object value, int length) {
        if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
            throw malformed(fileName, 8, what, "'" + field + "' must be an array" + (length >= 0 ? " of " + length + " integers" : " of integers"));
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long l)) {
                throw malformed(fileName, 8, what, "'" + field + "'[" + i + "] is not an integer: " + list.get(i));
            }
            out[i] = l;
        }
        return out;
    }

    private static void checkNoOverlap(String fileName, List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin));
        for (int i = 1; i < sorted.size(); i++) {
            Entry prev = sorted.get(i - 1);
            Entry next = sorted.get(i);
            if (next.byteSize() > 0 && next.begin() < prev.begin() + prev.byteSize()) {
                throw malformed(fileName, next.begin(), "tensor '" + next.name() + "'", "overlaps tensor '" + prev.name()
                        + "' [" + prev.begin() + ", " + (prev.begin() + prev.byteSize()) + ")");
            }
        }
    }

    static RealizarException malformed(String fileName, long at, String field, String what) {
        return new RealizarException(ErrorCode.MALFORMED_MODEL, fileName + ": " + field + " (byte " + at + ") " + what);
    }
}
