package realizar.format.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/**
 * Reads little-endian GGUF primitives from a mapped file, checking every read against the end of the file so that
 * corrupt input ends in an error naming the field and its byte offset, never in an exception from deep inside the JDK.
 */
final class GgufCursor {
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment file;
    private final String fileName;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private long position;

    GgufCursor(MemorySegment file, String fileName) {
        this.file = file;
        this.fileName = fileName;
    }

    String fileName() {
        return fileName;
    }

    long position() {
        return position;
    }

    long remaining() {
        return file.byteSize() - position;
    }

    private long take(long bytes, String field) {
        if (bytes < 0 || bytes > remaining()) {
            throw malformed(field, position, "needs " + bytes + " bytes but the file ends after " + remaining());
        }
        long at = position;
        position += bytes;
        return at;
    }

    byte u8(String field) {
        return file.get(ValueLayout.JAVA_BYTE, take(1, field));
    }

    short u16(String field) {
        return file.get(U16, take(2, field));
    }

    int u32(String field) {
        return file.get(U32, take(4, field));
    }

    long u64(String field) {
        return file.get(U64, take(8, field));
    }

    float f32(String field) {
        return file.get(F32, take(4, field));
    }

    double f64(String field) {
        return file.get(F64, take(8, field));
    }

    /** A count that must be non-negative and small enough that {@code count × minBytesEach} still fits the file. */
    long count(long raw, long minBytesEach, String field, long at) {
        if (raw < 0 || (minBytesEach > 0 && raw > remaining() / minBytesEach)) {
            throw malformed(field, at, "count " + Long.toUnsignedString(raw) + " cannot fit in the " + remaining() + " bytes left");
        }
        return raw;
    }

    /** The length of a GGUF string (u64, or u32 in v1), checked against the bytes left. */
    long stringLength(boolean v1, String field) {
        long at = position;
        long length = v1 ? Integer.toUnsignedLong(u32(field + " length")) : u64(field + " length");
        return count(length, 1, field + " length", at);
    }

    /** The UTF-8 bytes of a string whose length {@link #stringLength} read. */
    String stringBody(long length, String field) {
        long start = take(length, field);
        byte[] bytes = file.asSlice(start, length).toArray(ValueLayout.JAVA_BYTE);
        try {
            return utf8.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            // Some real vocabularies store lone bytes in token texts; keep them readable rather than refuse the file.
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    RealizarException malformed(String field, long at, String what) {
        return new RealizarException(ErrorCode.MALFORMED_MODEL,
                fileName + ": GGUF " + field + " at byte " + at + ": " + what);
    }
}
