package realizar.format.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static realizar.format.gguf.GgufTestSupport.GGUF;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import realizar.api.RealizarException;
import realizar.api.format.ModelFile;
import realizar.api.format.ProgressListener;
import realizar.api.format.Tensor;
import realizar.api.format.TensorInfo;
import realizar.api.format.TensorType;

/**
 * A small valid file (every value type, a few tensors) truncated at every length and with seeded random bytes
 * changed: only a RealizarException naming a byte offset, or success, may come out.
 */
final class GgufFuzzTest {
    private static final Pattern NAMES_A_BYTE = Pattern.compile(".*byte \\d+.*", Pattern.DOTALL);

    @TempDir
    static Path dir;
    static byte[] valid;
    static long endOfLastTensor;

    @BeforeAll
    static void writeSmallFile() throws IOException {
        Path file = dir.resolve("small.gguf");
        GGUF.write(file, GgufTestSupport.allValueTypes(32), List.of(
                GgufTestSupport.randomTensor("a", TensorType.F32, 3, 1),
                GgufTestSupport.randomTensor("b", TensorType.Q4_0, 1, 2),
                GgufTestSupport.randomTensor("c", TensorType.Q6_K, 1, 3)), ProgressListener.NONE);
        valid = Files.readAllBytes(file);
        try (ModelFile model = GGUF.open(file)) {
            TensorInfo last = model.tensors().getLast();
            endOfLastTensor = last.dataOffset() + last.byteSize();
        }
    }

    /** Parses as {@code open} does, then touches every tensor; returns normally or throws RealizarException only. */
    private static void parseAndTouch(byte[] bytes) {
        GgufParser.Header header;
        try {
            header = GgufParser.parse(MemorySegment.ofArray(bytes), "fuzz.gguf");
        } catch (RealizarException e) {
            assertTrue(NAMES_A_BYTE.matcher(e.getMessage()).matches(), "no byte offset in: " + e.getMessage());
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("not a RealizarException: " + t, t);
        }
        try (ModelFile model = new GgufModelFile(Path.of("fuzz.gguf"), Arena.ofConfined(), MemorySegment.ofArray(bytes), header)) {
            for (TensorInfo info : model.tensors()) {
                Tensor t = model.tensor(info.name());
                assertEquals(info.byteSize(), t.data().byteSize());
            }
            model.metadata().keys().forEach(k -> model.metadata().get(k));
        }
    }

    @Test
    void everyTruncationFailsCleanly() {
        assertTrue(valid.length < 4096, "the fuzzed file stays small: " + valid.length);
        for (int length = 0; length < valid.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(valid, length);
            try {
                parseAndTouch(cut);
                assertTrue(length >= endOfLastTensor, "a file cut at " + length + " bytes, inside the tensor data, was accepted");
            } catch (RealizarException expected) {
                // Any clean error is fine; parseAndTouch checked that it names a byte offset.
            }
        }
    }

    @Test
    void randomByteChangesFailCleanlyOrParse() {
        Random random = new Random(20261126);
        int headerEnd = (int) (endOfLastTensor - 1);
        int failures = 0;
        for (int round = 0; round < 4000; round++) {
            byte[] bytes = valid.clone();
            int changes = 1 + random.nextInt(4);
            for (int c = 0; c < changes; c++) {
                // Mostly the header: changes in tensor data cannot be detected, so they say little.
                int at = random.nextInt(10) < 8 ? random.nextInt(Math.min(headerEnd, 1024)) : random.nextInt(bytes.length);
                bytes[at] = random.nextInt(4) == 0 ? (byte) 0xFF : (byte) random.nextInt(256);
            }
            try {
                parseAndTouch(bytes);
            } catch (RealizarException expected) {
                failures++;
            }
        }
        // Guards against a fuzzer that only ever hits padding: most header changes must be caught.
        assertTrue(failures > 1000, "only " + failures + " of 4000 corruptions were rejected");
    }

    @Test
    void openThroughTheReaderReportsTruncationAsMalformed() throws IOException {
        Path cut = dir.resolve("cut.gguf");
        Files.write(cut, java.util.Arrays.copyOf(valid, 100));
        try {
            GGUF.open(cut).close();
            fail("a file cut at 100 bytes opened");
        } catch (RealizarException e) {
            assertEquals(realizar.api.ErrorCode.MALFORMED_MODEL, e.code());
            assertTrue(e.getMessage().startsWith("cut.gguf: GGUF "), e.getMessage());
        }
    }
}
