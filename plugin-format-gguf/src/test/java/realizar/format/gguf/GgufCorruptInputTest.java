package realizar.format.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.TensorType;

/** Hand-made corrupt headers: each must fail with the right code, naming the field and its byte offset. */
final class GgufCorruptInputTest {
    private static final int F32 = TensorType.F32.ggmlId();

    static RealizarException parseFails(byte[] file, ErrorCode code, String... mustMention) {
        RealizarException e = assertThrows(RealizarException.class, () -> GgufParser.parse(MemorySegment.ofArray(file), "x.gguf"));
        assertEquals(code, e.code(), e.getMessage());
        for (String s : mustMention) {
            assertTrue(e.getMessage().contains(s), "'" + e.getMessage() + "' should mention '" + s + "'");
        }
        return e;
    }

    @Test
    void wrongMagicIsNotGguf() {
        parseFails(new byte[] {'G', 'G', 'M', 'L', 3, 0, 0, 0}, ErrorCode.UNKNOWN_FORMAT, "magic at byte 0");
    }

    @Test
    void bigEndianFilesAreRejectedClearly() {
        byte[] file = new GgufBytes().u32(GgufParser.MAGIC).u32(0x03000000).u64(0).u64(0).bytes();
        parseFails(file, ErrorCode.UNKNOWN_FORMAT, "big-endian", "byte 4");
    }

    @Test
    void unknownVersion() {
        parseFails(new GgufBytes().u32(GgufParser.MAGIC).u32(4).u64(0).u64(0).bytes(), ErrorCode.MALFORMED_MODEL,
                "version at byte 4", "unsupported version 4");
    }

    @Test
    void absurdCounts() {
        parseFails(GgufBytes.v3(1L << 60, 0).bytes(), ErrorCode.MALFORMED_MODEL, "tensor_count at byte 8");
        parseFails(GgufBytes.v3(0, -1L).bytes(), ErrorCode.MALFORMED_MODEL, "metadata_kv_count at byte 16");
    }

    @Test
    void absurdStringLength() {
        byte[] file = GgufBytes.v3(0, 1).u64(1L << 40).zeros(8).bytes();
        parseFails(file, ErrorCode.MALFORMED_MODEL, "metadata key #0 length at byte 24");
    }

    @Test
    void absurdArrayLength() {
        byte[] file = GgufBytes.v3(0, 1).str("k").u32(GgufValueType.ARRAY.id).u32(GgufValueType.UINT32.id).u64(1L << 62).bytes();
        parseFails(file, ErrorCode.MALFORMED_MODEL, "length of 'k' at byte 41");
    }

    @Test
    void unknownValueType() {
        parseFails(GgufBytes.v3(0, 1).str("k").u32(99).u32(0).bytes(), ErrorCode.MALFORMED_MODEL,
                "type of 'k' at byte 33", "unknown value type 99");
        byte[] arrayOfUnknown = GgufBytes.v3(0, 1).str("k").u32(GgufValueType.ARRAY.id).u32(13).u64(0).bytes();
        parseFails(arrayOfUnknown, ErrorCode.MALFORMED_MODEL, "element type of 'k' at byte 37");
    }

    @Test
    void badBool() {
        parseFails(GgufBytes.v3(0, 1).str("k").u32(GgufValueType.BOOL.id).u8(2).bytes(), ErrorCode.MALFORMED_MODEL,
                "bool 'k' at byte 37", "must be 0 or 1");
    }

    @Test
    void arraysNestedTooDeep() {
        GgufBytes b = GgufBytes.v3(0, 1).str("k").u32(GgufValueType.ARRAY.id);
        for (int i = 0; i < GgufValueReader.MAX_ARRAY_NESTING + 1; i++) {
            b.u32(GgufValueType.ARRAY.id).u64(1);
        }
        parseFails(b.bytes(), ErrorCode.MALFORMED_MODEL, "array 'k", "nested deeper than 8");
    }

    @Test
    void duplicateKeysAndTensorNames() {
        parseFails(GgufBytes.v3(0, 2).kvU32("k", 1).kvU32("k", 2).bytes(), ErrorCode.MALFORMED_MODEL,
                "metadata key 'k' at byte 41", "appears twice");
        byte[] twice = GgufBytes.v3(2, 0).tensor("t", F32, 0, 8).tensor("t", F32, 32, 8).pad(32).zeros(64).bytes();
        parseFails(twice, ErrorCode.MALFORMED_MODEL, "tensor name 't' at byte 57", "appears twice");
    }

    @Test
    void alignmentMustBeAPowerOfTwo() {
        parseFails(GgufBytes.v3(0, 1).kvU32(GgufParser.ALIGNMENT_KEY, 48).bytes(), ErrorCode.MALFORMED_MODEL,
                "general.alignment at byte 24", "power of two");
    }

    @Test
    void unknownTensorTypeNamesTheTensorAndTheId() {
        byte[] file = GgufBytes.v3(1, 0).tensor("blk.0.w", 1234, 0, 32).pad(32).zeros(256).bytes();
        parseFails(file, ErrorCode.UNSUPPORTED_TENSOR_TYPE, "'blk.0.w'", "type id 1234", "byte 51");
    }

    @Test
    void badDimensions() {
        byte[] zeroDims = GgufBytes.v3(1, 0).str("t").u32(0).u32(F32).u64(0).bytes();
        parseFails(zeroDims, ErrorCode.MALFORMED_MODEL, "n_dimensions of 't' at byte 33");
        byte[] fiveDims = GgufBytes.v3(1, 0).tensor("t", F32, 0, 1, 1, 1, 1, 1).bytes();
        parseFails(fiveDims, ErrorCode.MALFORMED_MODEL, "n_dimensions of 't' at byte 33", "1..4");
        byte[] zeroSized = GgufBytes.v3(1, 0).tensor("t", F32, 0, 4, 0).pad(32).bytes();
        parseFails(zeroSized, ErrorCode.MALFORMED_MODEL, "dimension 1 of 't' at byte 45");
        byte[] overflow = GgufBytes.v3(1, 0).tensor("t", F32, 0, 1L << 40, 1L << 40).pad(32).bytes();
        parseFails(overflow, ErrorCode.MALFORMED_MODEL, "tensor info 't' at byte 24", "overflows");
        byte[] partialBlock = GgufBytes.v3(1, 0).tensor("t", TensorType.Q4_0.ggmlId(), 0, 16).pad(32).zeros(32).bytes();
        parseFails(partialBlock, ErrorCode.MALFORMED_MODEL, "not a multiple of the Q4_0 block size 32");
    }

    @Test
    void tensorDataOutsideTheFileOrMisalignedOrOverlapping() {
        byte[] pastEnd = GgufBytes.v3(1, 0).tensor("t", F32, 0, 64).pad(32).zeros(255).bytes();
        parseFails(pastEnd, ErrorCode.MALFORMED_MODEL, "tensor info 't' at byte 49", "runs past the end of the file (319 bytes)");
        byte[] farPastEnd = GgufBytes.v3(1, 0).tensor("t", F32, -32, 8).pad(32).zeros(32).bytes();
        parseFails(farPastEnd, ErrorCode.MALFORMED_MODEL, "tensor info 't' at byte 49", "[18446744073709551584, +32)", "runs past the end");
        byte[] misaligned = GgufBytes.v3(1, 0).tensor("t", F32, 16, 8).pad(32).zeros(64).bytes();
        parseFails(misaligned, ErrorCode.MALFORMED_MODEL, "tensor info 't' at byte 49", "not a multiple of the alignment 32");
        byte[] overlapping = GgufBytes.v3(2, 0).tensor("a", F32, 0, 16).tensor("b", F32, 32, 8).pad(32).zeros(64).bytes();
        parseFails(overlapping, ErrorCode.MALFORMED_MODEL, "tensor info 'b' at byte 82", "overlaps tensor 'a'");
    }

    @Test
    void aValidHandMadeFileParses() {
        byte[] file = GgufBytes.v3(2, 1).kvU32("k", 7).tensor("a", F32, 0, 8).tensor("b", F32, 32, 8).pad(32).zeros(64).bytes();
        GgufParser.Header header = GgufParser.parse(MemorySegment.ofArray(file), "x.gguf");
        assertEquals(7L, header.metadata().get("k"));
        assertEquals(2, header.tensors().size());
        assertEquals(header.dataOffset() + 32, header.tensors().get(1).dataOffset());
    }
}
