package realizar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code realizar quantize} on the bundled stories260K: the JSON contract, the recipe's fallbacks, and a reload. */
final class QuantizeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void quantizesReloadsAndGenerates() throws IOException {
        Path out = tmp.resolve("stories-q4km.gguf");
        CliRunner.Result q = CliRunner.run("quantize", CliRunner.demoModel().toString(), out.toString(), "Q4_K_M", "--json");
        assertEquals(0, q.exitCode(), q.err());
        JsonNode r = JSON.readTree(q.out());
        assertEquals(out.toString(), r.get("out").asText());
        assertEquals("Q4_K_M", r.get("type").asText());
        assertEquals(Files.size(out), r.get("bytes").asLong());
        assertTrue(r.get("seconds").asDouble() >= 0);

        CliRunner.Result info = CliRunner.run("info", out.toString(), "--json");
        assertEquals(0, info.exitCode(), info.err());
        JsonNode model = JSON.readTree(info.out());
        assertEquals(15, model.get("metadata").get("general.file_type").asInt());
        Map<String, String> types = new HashMap<>();
        model.get("tensors").forEach(t -> types.put(t.get("name").asText(), t.get("type").asText()));
        // stories260K's rows are 64 wide (172 for ffn_down): no whole 256-value super-blocks, so llama.cpp's fallbacks apply.
        assertEquals("Q5_0", types.get("blk.0.attn_q.weight"));
        assertEquals("Q8_0", types.get("output.weight"));
        assertEquals("F16", types.get("blk.0.ffn_down.weight"));
        assertEquals("F32", types.get("blk.0.attn_norm.weight"));

        CliRunner.Result run = CliRunner.run("run", out.toString(), "Once upon a time", "-n", "8", "--temperature", "0", "--json");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(8, JSON.readTree(run.out()).get("output_ids").size());
    }

    @Test
    void q8_0OfStories260KGeneratesLikeTheF32Model() throws IOException {
        Path out = tmp.resolve("stories-q8.gguf");
        assertEquals(0, CliRunner.run("quantize", CliRunner.demoModel().toString(), out.toString(), "Q8_0", "--pure").exitCode());
        JsonNode f32 = JSON.readTree(CliRunner.run("run", CliRunner.demoModel().toString(), "Once upon a time", "-n", "6",
                "--temperature", "0", "--json").out());
        JsonNode q8 = JSON.readTree(CliRunner.run("run", out.toString(), "Once upon a time", "-n", "6",
                "--temperature", "0", "--json").out());
        // A trained model's first greedy tokens are far from ties; Q8_0 keeps them.
        assertEquals(f32.get("output_ids").get(0), q8.get("output_ids").get(0));
    }

    @Test
    void requantizesAQuantizedModelThroughTheDevice() throws IOException {
        Path q8 = tmp.resolve("stories-q8.gguf");
        Path q4 = tmp.resolve("stories-q4.gguf");
        assertEquals(0, CliRunner.run("quantize", CliRunner.demoModel().toString(), q8.toString(), "Q8_0").exitCode());
        CliRunner.Result r = CliRunner.run("quantize", q8.toString(), q4.toString(), "Q4_0", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode info = JSON.readTree(CliRunner.run("info", q4.toString(), "--json").out());
        Map<String, String> types = new HashMap<>();
        info.get("tensors").forEach(t -> types.put(t.get("name").asText(), t.get("type").asText()));
        assertEquals("Q4_0", types.get("blk.0.attn_q.weight"));
        assertEquals("Q8_0", types.get("output.weight")); // Q6_K does not fit 64-wide rows: Q8_0, copied as it was
        assertEquals("F16", types.get("blk.0.ffn_down.weight"));
        CliRunner.Result run = CliRunner.run("run", q4.toString(), "Once upon a time", "-n", "4", "--temperature", "0", "--json");
        assertEquals(0, run.exitCode(), run.err());
    }

    @Test
    void badTypeIsAUsageError() {
        CliRunner.Result r = CliRunner.run("quantize", CliRunner.demoModel().toString(), tmp.resolve("x.gguf").toString(), "Q9_9");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Q9_9"), r.err());
        assertTrue(!Files.exists(tmp.resolve("x.gguf")));
    }

    @Test
    void missingInputIsAUsageError() {
        CliRunner.Result r = CliRunner.run("quantize", tmp.resolve("nope.gguf").toString(), tmp.resolve("x.gguf").toString(), "Q8_0");
        assertEquals(2, r.exitCode(), r.err());
    }
}
