package realizar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code realizar tensor} writes exactly the float32 values llama.cpp's gguf-py dequantizer produced (bitwise), and
 * {@code realizar info} reports types and shapes as llama.cpp does (from the fixture manifest).
 */
final class TensorCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void vendoredQ4_0TensorDequantizesBitExactly() throws IOException {
        Path model = CliRunner.repoRoot().resolve("plugin-format-gguf/src/test/resources/gguf/qrand-Q4_0-pure.gguf");
        Path reference = CliRunner.repoRoot().resolve("plugin-backend-simd/src/test/resources/quant/qrand-Q4_0-pure.blk.0.attn_q.weight.f32");
        Path out = tmp.resolve("q.f32");
        CliRunner.Result r = CliRunner.run("tensor", model.toString(), "blk.0.attn_q.weight", "--out", out.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode json = JSON.readTree(r.out());
        assertEquals("Q4_0", json.get("type").asText());
        assertEquals("[256,256]", json.get("shape").toString());
        assertEquals(65536, json.get("values").asLong());
        byte[] ours = Files.readAllBytes(out);
        byte[] ref = Files.readAllBytes(reference); // the vendored reference holds the leading rows only
        assertEquals(65536 * 4, ours.length);
        assertTrue(Arrays.equals(Arrays.copyOf(ours, ref.length), ref), "dequantized bytes differ from gguf-py's");
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count(), "a temporary file was left behind");
        }
    }

    @Test
    void unknownTensorIsAUserError() {
        CliRunner.Result r = CliRunner.run("tensor", CliRunner.demoModel().toString(), "no.such.tensor", "--out", tmp.resolve("x").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("no.such.tensor"), r.err());
    }

    /** Every dump in ../shared/fixtures/quant, every type: bitwise equal; info's types and shapes equal the manifest. */
    @Test
    void sharedQuantFixturesSweep() throws IOException {
        Path fixtures = CliRunner.repoRoot().getParent().resolve("shared/fixtures/quant");
        if (!Files.isDirectory(fixtures)) {
            System.err.println("SKIPPED: ../shared/fixtures not present (TensorCommandTest.sharedQuantFixturesSweep)");
        }
        Assumptions.assumeTrue(Files.isDirectory(fixtures), "../shared/fixtures not present");
        JsonNode manifest = JSON.readTree(fixtures.resolve("manifest.json").toFile());
        int dumps = 0;
        for (JsonNode file : manifest.get("files")) {
            Path model = fixtures.resolve("models").resolve(Path.of(file.get("file").asText()).getFileName());
            JsonNode info = JSON.readTree(CliRunner.run("info", model.toString(), "--json").out());
            for (JsonNode t : file.get("tensors")) {
                JsonNode ours = find(info.get("tensors"), t.get("name").asText());
                assertEquals(t.get("ggml_type").asText(), ours.get("type").asText(), t.get("name").asText());
                assertEquals(t.get("ne").toString(), ours.get("shape").toString(), t.get("name").asText());
                assertEquals(t.get("n_bytes").asLong(), ours.get("bytes").asLong(), t.get("name").asText());
            }
            for (JsonNode d : file.get("dumps")) {
                Path out = tmp.resolve("d.f32");
                CliRunner.Result r = CliRunner.run("tensor", model.toString(), d.get("tensor").asText(), "--out", out.toString());
                assertEquals(0, r.exitCode(), r.err());
                byte[] ref = Files.readAllBytes(fixtures.resolve(d.get("path").asText().replaceFirst("^.*?dequant/", "dequant/")));
                assertTrue(Arrays.equals(ref, Files.readAllBytes(out)), model.getFileName() + " " + d.get("tensor").asText() + " is not bitwise equal");
                dumps++;
            }
        }
        assertEquals(32, dumps, "expected 16 files x 2 dumps");
    }

    private static JsonNode find(JsonNode tensors, String name) {
        for (JsonNode t : tensors) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("tensor " + name + " not in info output");
    }
}
