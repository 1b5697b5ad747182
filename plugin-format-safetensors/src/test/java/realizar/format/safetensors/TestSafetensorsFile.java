package realizar.format.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.FormatReader;
import realizar.api.format.ModelFile;
import realizar.api.format.Tensor;
import realizar.api.format.TensorType;

/** A lone safetensors file: probing, dims in ggml order, slices of the mapping, dtypes, the metadata map. */
final class TestSafetensorsFile {
    @TempDir
    Path dir;

    private final SafetensorsFormatReader reader = new SafetensorsFormatReader();

    @Test
    void probeRecognisesTheHeaderNotTheName() throws IOException {
        Path file = new SafetensorsBytes().f32("w", new long[] {2}, 1, 2).write(dir.resolve("weights.bin"));
        assertEquals(100, reader.probe(file, head(file)));
        Path gguf = Files.write(dir.resolve("x.safetensors"), "GGUF\3\0\0\0\0\0\0\0\0\0\0\0".getBytes());
        assertEquals(0, reader.probe(gguf, head(gguf)));
        assertEquals(0, reader.probe(dir, ByteBuffer.allocate(0)), "an empty folder is not a model");
    }

    @Test
    void tensorsAreReadOnlySlicesWithReversedDims() throws IOException {
        byte[] i64 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(7).putLong(-3).array();
        byte[] f16 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                .putShort(Float.floatToFloat16(1.5f)).putShort(Float.floatToFloat16(-2f)).array();
        byte[] bf16 = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3F80).array();
        Path file = new SafetensorsBytes()
                .f32("m", new long[] {2, 3}, 0, 1, 2, 3, 4, 5)
                .raw("ids", "I64", new long[] {2}, i64)
                .raw("h", "F16", new long[] {1, 2}, f16)
                .raw("b", "BF16", new long[] {1}, bf16)
                .raw("mask", "BOOL", new long[] {2}, new byte[] {1, 0})
                .metadata("{\"format\":\"pt\"}")
                .write(dir.resolve("m.safetensors"));
        try (ModelFile model = reader.open(file)) {
            assertEquals("safetensors", model.format());
            Tensor m = model.tensor("m");
            assertEquals(TensorType.F32, m.type());
            assertArrayEquals(new long[] {3, 2}, m.info().dims(), "ggml order: the row length first");
            assertArrayEquals(new long[] {2, 3}, m.info().numpyShape());
            assertEquals(4f, m.data().getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, 4));
            assertTrue(m.data().isReadOnly());
            assertEquals(-3L, model.tensor("ids").data().getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, 1));
            assertEquals(TensorType.I64, model.tensor("ids").type());
            assertEquals(-2f, Floats.get(model.tensor("h"), 1));
            assertEquals(1f, Floats.get(model.tensor("b"), 0));
            assertFalse(model.findTensor("mask").isPresent(), "BOOL has no api type: listed, not offered");
            assertEquals(List.of("mask (BOOL)"), model.metadata().getStrings(SafetensorsFile.SKIPPED_KEY));
            assertEquals("pt", model.metadata().getString("safetensors.metadata.format"));
            assertEquals(4, model.tensors().size());
        }
    }

    @Test
    void tensorsCannotBeReadAfterClose() throws IOException {
        Path file = new SafetensorsBytes().f32("w", new long[] {1}, 1).write(dir.resolve("w.safetensors"));
        ModelFile model = reader.open(file);
        Tensor w = model.tensor("w");
        model.close();
        model.close();
        assertThrows(IllegalStateException.class, () -> w.data().get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    void missingFileIsNotFound() {
        RealizarException e = assertThrows(RealizarException.class, () -> reader.open(dir.resolve("none.safetensors")));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
    }

    @Test
    void providerIsFoundByServiceLoader() {
        assertTrue(java.util.ServiceLoader.load(FormatReader.class).stream().anyMatch(p -> p.get().name().equals("safetensors")));
    }

    static ByteBuffer head(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return ByteBuffer.wrap(all, 0, Math.min(all.length, FormatReader.PROBE_BYTES)).slice().order(ByteOrder.LITTLE_ENDIAN);
    }
}
