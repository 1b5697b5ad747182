package realizar.format.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static realizar.format.gguf.GgufTestSupport.GGUF;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.SpiVersion;
import realizar.api.format.FormatReader;
import realizar.api.format.Metadata;
import realizar.api.format.ModelFile;
import realizar.api.format.ProgressListener;
import realizar.api.format.TensorSource;
import realizar.api.format.TensorType;

/** The writer's contract: atomic replacement, progress, and refusal of what GGUF or llama.cpp cannot hold. */
final class GgufWriterTest {
    @TempDir
    Path dir;

    private List<Path> filesInDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void aFailingTensorSourceLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path out = dir.resolve("model.gguf");
        Files.writeString(out, "the previous model");
        IllegalStateException boom = new IllegalStateException("quantizer failed");
        TensorSource ok = GgufTestSupport.randomTensor("ok", TensorType.F32, 4, 1);
        TensorSource failing = TensorSource.of("bad", TensorType.F32, new long[] {4}, target -> {
            throw boom;
        });
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> GGUF.write(out, Metadata.empty(), List.of(ok, failing), ProgressListener.NONE));
        assertSame(boom, thrown);
        assertEquals("the previous model", Files.readString(out));
        assertEquals(List.of(out), filesInDir());
    }

    @Test
    void aFailingProgressListenerAbortsTheWriteToo() throws IOException {
        Path out = dir.resolve("model.gguf");
        assertThrows(IllegalStateException.class, () -> GGUF.write(out, Metadata.empty(),
                List.of(GgufTestSupport.randomTensor("t", TensorType.F32, 4, 1)), (done, total) -> {
                    throw new IllegalStateException("cancelled");
                }));
        assertEquals(List.of(), filesInDir());
    }

    @Test
    void aSuccessfulWriteReplacesTheFileAndReportsProgressUpToItsSize() throws IOException {
        Path out = dir.resolve("model.gguf");
        Files.writeString(out, "old");
        List<long[]> calls = new ArrayList<>();
        List<TensorSource> tensors = List.of(GgufTestSupport.randomTensor("a", TensorType.Q8_0, 2, 1),
                GgufTestSupport.randomTensor("b", TensorType.F16, 3, 2));
        GGUF.write(out, new Metadata(Map.of("general.name", "x")), tensors, (done, total) -> calls.add(new long[] {done, total}));
        long size = Files.size(out);
        assertEquals(3, calls.size(), "after the header and after each tensor");
        for (int i = 0; i < calls.size(); i++) {
            assertEquals(size, calls.get(i)[1]);
            assertTrue(i == 0 || calls.get(i)[0] > calls.get(i - 1)[0], "progress grows");
        }
        assertEquals(size, calls.getLast()[0]);
        assertEquals(List.of(out), filesInDir());
        try (ModelFile model = GGUF.open(out)) {
            assertArrayEquals(GgufTestSupport.randomBytes(TensorType.F16, 3, 2), GgufTestSupport.bytes(model.tensor("b").data()));
        }
    }

    @Test
    void theFileGetsTheUsualPermissionsNotThoseOfATemporaryFile() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        Path out = dir.resolve("model.gguf");
        GGUF.write(out, Metadata.empty(), List.of(), ProgressListener.NONE);
        if (Files.getFileStore(out).supportsFileAttributeView("posix")) {
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(out));
        }
    }

    @Test
    void whatGgufOrLlamaCppCannotHoldIsAnInvalidArgument() {
        assertInvalid("tensor 'x': appears twice", Metadata.empty(), tensor("x", TensorType.F32, 4), tensor("x", TensorType.F32, 4));
        assertInvalid("name is 64 bytes or longer", Metadata.empty(), tensor("n".repeat(64), TensorType.F32, 4));
        assertInvalid("has 5 dimensions", Metadata.empty(), tensor("x", TensorType.F32, 1, 1, 1, 1, 1));
        assertInvalid("dimension 0 is not positive", Metadata.empty(), tensor("x", TensorType.F32, 4, 0));
        assertInvalid("row length 16 is not a multiple of the Q4_K block size 256", Metadata.empty(), tensor("x", TensorType.Q4_K, 16));
        assertInvalid("general.alignment': must be a power of two", new Metadata(Map.of("general.alignment", 48L)));
        assertInvalid("'k': a StringBuilder cannot be stored", new Metadata(Map.of("k", new StringBuilder())));
        assertInvalid("entry 'k=uint128' is not", new Metadata(Map.of("k", 1, GgufModelFile.VALUE_TYPES_KEY, List.of("k=uint128"))));
    }

    @Test
    void aSourceWithTheWrongNumberOfBytesIsRefused() {
        TensorSource wrong = TensorSource.of("w", TensorType.F32, new long[] {4}, java.lang.foreign.MemorySegment.ofArray(new byte[12]));
        RealizarException e = assertThrows(RealizarException.class,
                () -> GGUF.write(dir.resolve("w.gguf"), Metadata.empty(), List.of(wrong), ProgressListener.NONE));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("source has 12 bytes"), e.getMessage());
    }

    @Test
    void writingIntoAMissingDirectoryIsNotFound() {
        RealizarException e = assertThrows(RealizarException.class,
                () -> GGUF.write(dir.resolve("no/such/dir/m.gguf"), Metadata.empty(), List.of(), ProgressListener.NONE));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
    }

    private void assertInvalid(String message, Metadata metadata, TensorSource... tensors) {
        RealizarException e = assertThrows(RealizarException.class,
                () -> GGUF.write(dir.resolve("bad.gguf"), metadata, List.of(tensors), ProgressListener.NONE));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(message), "'" + e.getMessage() + "' should contain '" + message + "'");
        assertFalse(Files.exists(dir.resolve("bad.gguf")));
    }

    private static TensorSource tensor(String name, TensorType type, long... dims) {
        return TensorSource.of(name, type, dims, target -> target.fill((byte) 0));
    }

    @Test
    void aReaderThatCannotWriteSaysSo() {
        FormatReader readOnly = new FormatReader() {
            @Override
            public String name() {
                return "readonly";
            }

            @Override
            public int spiVersion() {
                return SpiVersion.CURRENT;
            }

            @Override
            public int probe(Path path, ByteBuffer head) {
                return 0;
            }

            @Override
            public ModelFile open(Path path) {
                throw new UnsupportedOperationException();
            }
        };
        assertFalse(readOnly.supportsWriting());
        RealizarException e = assertThrows(RealizarException.class,
                () -> readOnly.write(dir.resolve("x"), Metadata.empty(), List.of(), ProgressListener.NONE));
        assertEquals(ErrorCode.UNSUPPORTED_OPERATION, e.code());
    }

    @Test
    void theRuntimeFindsTheWriterThroughServiceLoaderWithoutNamingThePlugin() throws IOException {
        FormatReader gguf = ServiceLoader.load(FormatReader.class).stream().map(ServiceLoader.Provider::get)
                .filter(r -> r.name().equals("gguf")).findFirst().orElseThrow();
        assertTrue(gguf.supportsWriting());
        Path out = dir.resolve("via-spi.gguf");
        gguf.write(out, new Metadata(Map.of("general.architecture", "llama")), List.of(), ProgressListener.NONE);
        byte[] head = Files.readAllBytes(out);
        assertEquals(100, gguf.probe(out, ByteBuffer.wrap(head, 0, Math.min(head.length, FormatReader.PROBE_BYTES))));
        assertEquals(0, gguf.probe(out, ByteBuffer.wrap("PK\u0003\u0004".getBytes())));
    }
}
