package realizar.backend.simd;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import realizar.api.format.TensorType;

/**
 * The full sweep: every dumped tensor of every model file under {@code shared/fixtures/quant} (gguf-py's dequantization,
 * checked bit-identical with ggml's C code) must come out bitwise equal. The model bytes are mapped directly at the
 * manifest's {@code data_offset}, independent of any GGUF reader.
 */
final class TestDequantizeSharedFixtures {
    @Test
    void everyDumpedTensorOfEveryModelIsBitExact() throws IOException {
        Optional<Path> fixtures = Fixtures.sharedFixtures();
        if (fixtures.isEmpty()) {
            System.err.println("SKIPPED: ../shared/fixtures not present");
        }
        assumeTrue(fixtures.isPresent(), "SKIPPED: ../shared/fixtures not present");
        Path quant = fixtures.get().resolve("quant");
        JsonNode manifest = Fixtures.JSON.readTree(quant.resolve("manifest.json").toFile());
        int checked = 0;
        for (JsonNode file : manifest.get("files")) {
            Path model = quant.resolve("models").resolve(Path.of(file.get("file").asText()).getFileName());
            for (JsonNode dump : file.get("dumps")) {
                JsonNode info = tensorInfo(file, dump.get("tensor").asText());
                TensorType type = TensorType.valueOf(info.get("ggml_type").asText());
                long cols = info.get("ne").get(0).asLong();
                long rows = info.get("n_elements").asLong() / cols;
                float[] expected = Fixtures.floats(Files.readAllBytes(quant.resolve(dump.get("path").asText())));
                float[] actual = new float[expected.length];
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment data = Fixtures.map(model, info.get("data_offset").asLong(), info.get("n_bytes").asLong(), arena);
                    Kernels.dequantizer(type).dequantize(data, 0, actual, 0, actual.length);
                }
                Fixtures.assertBitwiseEqual(expected, actual, model.getFileName() + " " + dump.get("tensor").asText() + " (" + type + ", " + rows + " rows)");
                checked++;
            }
        }
        org.junit.jupiter.api.Assertions.assertEquals(32, checked, "dumps checked");
    }

    private static JsonNode tensorInfo(JsonNode file, String name) {
        for (JsonNode t : file.get("tensors")) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("manifest has no tensor " + name + " in " + file.get("file").asText());
    }
}
