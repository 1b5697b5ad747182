package realizar.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import realizar.api.format.Tensor;
import realizar.api.format.TensorInfo;
import realizar.api.format.TensorType;

/** Finds and reads test fixtures: the vendored ones on the class path and the shared ones beside the repository. */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** {@code shared/fixtures} from the {@code realizar.shared} property or by walking up from the working directory. */
    static Optional<Path> sharedFixtures() {
        String prop = System.getProperty("realizar.shared");
        if (prop != null) {
            Path p = Path.of(prop).resolve("fixtures");
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("../shared/fixtures").normalize();
            if (Files.isDirectory(p.resolve("quant"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static byte[] resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/quant/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /quant/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[] floats(byte[] littleEndian) {
        float[] f = new float[littleEndian.length / 4];
        ByteBuffer.wrap(littleEndian).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }

    /** A read-only mapping of {@code length} bytes of {@code file} at {@code offset}, owned by {@code arena}. */
    static MemorySegment map(Path file, long offset, long length, Arena arena) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, offset, length, arena).asReadOnly();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MemorySegment segment(byte[] bytes, Arena arena) {
        MemorySegment s = arena.allocate(bytes.length, 64);
        MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return s;
    }

    static Tensor tensor(String name, TensorType type, long cols, long rows, MemorySegment data) {
        TensorInfo info = new TensorInfo(name, type, new long[] {cols, rows}, 0, type.bytesFor(cols * rows));
        return new Tensor(info, data);
    }

    /** Fails at the first element whose float32 bits differ, naming it (so -0.0 vs 0.0 counts as a difference). */
    static void assertBitwiseEqual(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                fail(what + ": element " + i + " expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }
}
