package realizar.format.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/** Every kind of corrupt header ends in a RealizarException naming the tensor or field and where it is. */
final class TestSafetensorsCorruptInput {
    @TempDir
    Path dir;

    private final SafetensorsFormatReader reader = new SafetensorsFormatReader();

    private RealizarException fails(byte[] file) throws IOException {
        Path p = Files.write(dir.resolve("bad.safetensors"), file);
        return assertThrows(RealizarException.class, () -> reader.open(p).close());
    }

    private void failsWith(ErrorCode code, String fragment, byte[] file) throws IOException {
        RealizarException e = fails(file);
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should mention '" + fragment + "'");
    }

    @Test
    void headerLengthIsChecked() throws IOException {
        failsWith(ErrorCode.MALFORMED_MODEL, "fewer than the 8", new byte[] {1, 2, 3});
        byte[] huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(200_000_000L).put("{}      ".getBytes()).array();
        failsWith(ErrorCode.MALFORMED_MODEL, "must be 2..100000000", huge);
        byte[] longer = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(100).put("{}      ".getBytes()).array();
        failsWith(ErrorCode.MALFORMED_MODEL, "only 8 follow", longer);
        failsWith(ErrorCode.UNKNOWN_FORMAT, "not '{'", new SafetensorsBytes().withHeader("[1, 2]"));
    }

    @Test
    void jsonErrorsNameTheCharacter() throws IOException {
        failsWith(ErrorCode.MALFORMED_MODEL, "invalid JSON at character", new SafetensorsBytes().withHeader("{\"a\":}"));
        failsWith(ErrorCode.MALFORMED_MODEL, "appears twice", new SafetensorsBytes().withHeader(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,0]},\"a\":{}}"));
        failsWith(ErrorCode.MALFORMED_MODEL, "nested more than", new SafetensorsBytes().withHeader("{\"a\":" + "[".repeat(300) + "]".repeat(300) + "}"));
    }

    @Test
    void entriesAreValidated() throws IOException {
        byte[] four = new byte[4];
        failsWith(ErrorCode.UNSUPPORTED_TENSOR_TYPE, "tensor 'w' has unknown dtype 'F12'",
                new SafetensorsBytes().raw("w", "F12", new long[] {1}, four).bytes());
        failsWith(ErrorCode.MALFORMED_MODEL, "tensor 'w' (byte 8) spans 4 bytes but its F32 shape [2] needs 8",
                new SafetensorsBytes().raw("w", "F32", new long[] {2}, four).bytes());
        failsWith(ErrorCode.MALFORMED_MODEL, "negative dimension",
                new SafetensorsBytes().raw("w", "F32", new long[] {-1}, four).bytes());
        failsWith(ErrorCode.MALFORMED_MODEL, "runs past the end of the file",
                new SafetensorsBytes().entry("w", "F32", new long[] {2}, 0, 8, four).bytes());
        failsWith(ErrorCode.MALFORMED_MODEL, "begin must be >= 0 and <= end",
                new SafetensorsBytes().entry("w", "F32", new long[] {0}, 4, 0, four).bytes());
        failsWith(ErrorCode.MALFORMED_MODEL, "overflows",
                new SafetensorsBytes().entry("w", "F32", new long[] {1L << 40, 1L << 40}, 0, 4, four).bytes());
        failsWith(ErrorCode.MALFORMED_MODEL, "'data_offsets' must be an array of 2 integers",
                new SafetensorsBytes().withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}"));
        failsWith(ErrorCode.MALFORMED_MODEL, "'shape'[0] is not an integer",
                new SafetensorsBytes().withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}"));
        failsWith(ErrorCode.MALFORMED_MODEL, "__metadata__.x (byte 8) must be a string",
                new SafetensorsBytes().metadata("{\"x\":1}").bytes());
    }

    @Test
    void overlappingTensorsAreRefused() throws IOException {
        byte[] eight = new byte[8];
        failsWith(ErrorCode.MALFORMED_MODEL, "tensor 'b' (byte",
                new SafetensorsBytes().entry("a", "F32", new long[] {2}, 0, 8, eight)
                        .entry("b", "F32", new long[] {1}, 4, 8, new byte[0]).bytes());
        RealizarException e = fails(new SafetensorsBytes().entry("a", "F32", new long[] {2}, 0, 8, eight)
                .entry("b", "F32", new long[] {1}, 4, 8, new byte[0]).bytes());
        assertTrue(e.getMessage().contains("overlaps tensor 'a' ["), e.getMessage());
    }

    /** Truncation at every length and seeded byte changes: success or RealizarException, nothing else. */
    @Test
    void fuzzedFilesFailCleanly() throws IOException {
        byte[] good = new SafetensorsBytes().f32("a.weight", new long[] {2, 2}, 1, 2, 3, 4)
                .raw("b", "F16", new long[] {3}, new byte[6]).metadata("{\"format\":\"pt\"}").bytes();
        Random random = new Random(42);
        for (int len = 0; len < good.length; len++) {
            tryOpen(Arrays.copyOf(good, len));
        }
        for (int i = 0; i < 2000; i++) {
            byte[] bad = good.clone();
            bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
            tryOpen(bad);
        }
    }

    private void tryOpen(byte[] bytes) throws IOException {
        Path p = Files.write(dir.resolve("fuzz.safetensors"), bytes);
        try {
            reader.open(p).close();
        } catch (RealizarException expected) {
            // the only failure allowed
        }
    }
}
