package realizar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code realizar synth} with the small {@code tiny} preset: the JSON contract, determinism, and a model that runs. */
final class SynthCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void writesAModelThatRunsGreedily() throws IOException {
        Path out = tmp.resolve("tiny-q4km.gguf");
        CliRunner.Result s = CliRunner.run("synth", "tiny:Q4_K_M", out.toString(), "--json");
        assertEquals(0, s.exitCode(), s.err());
        JsonNode r = JSON.readTree(s.out());
        assertEquals(out.toString(), r.get("out").asText());
        assertEquals("tiny", r.get("preset").asText());
        assertEquals("Q4_K_M", r.get("type").asText());
        assertEquals(Files.size(out), r.get("bytes").asLong());

        JsonNode info = JSON.readTree(CliRunner.run("info", out.toString(), "--json").out());
        Set<String> types = new HashSet<>();
        info.get("tensors").forEach(t -> types.add(t.get("type").asText()));
        assertEquals(Set.of("F32", "Q4_K", "Q6_K"), types); // the Q4_K_M recipe: output and some attn_v/ffn_down Q6_K
        assertEquals(2, info.get("metadata").get("llama.block_count").asInt());

        CliRunner.Result run = CliRunner.run("run", out.toString(), "--prompt-ids", "1,17,300", "-n", "5", "--temperature", "0",
                "--ignore-eos", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode ids = JSON.readTree(run.out()).get("output_ids");
        assertEquals(5, ids.size());
        ids.forEach(id -> assertTrue(id.asInt() >= 0 && id.asInt() < 320, ids.toString()));
    }

    @Test
    void sameSeedSameBytesWhateverTheThreads() throws IOException {
        Path one = tmp.resolve("one.gguf");
        Path two = tmp.resolve("two.gguf");
        Path other = tmp.resolve("other.gguf");
        assertEquals(0, CliRunner.run("synth", "tiny:Q8_0", one.toString(), "--seed", "7", "--threads", "1").exitCode());
        assertEquals(0, CliRunner.run("synth", "tiny:Q8_0", two.toString(), "--seed", "7", "--threads", "3").exitCode());
        assertEquals(0, CliRunner.run("synth", "tiny:Q8_0", other.toString(), "--seed", "8").exitCode());
        assertEquals(-1L, Files.mismatch(one, two));
        assertTrue(Files.mismatch(one, other) >= 0);
    }

    @Test
    void copiesTheTokenizerOfAVocabularyFile() throws IOException {
        Path vocab = CliRunner.repoRoot().resolve("realizar-runtime/src/test/resources/tokenizers/ggml-vocab-llama-spm.gguf");
        Path out = tmp.resolve("tiny-spm.gguf");
        CliRunner.Result s = CliRunner.run("synth", "tiny:Q4_0", out.toString(), "--vocab", vocab.toString());
        assertEquals(0, s.exitCode(), s.err());
        JsonNode tok = JSON.readTree(CliRunner.run("tokenize", out.toString(), "Hello world", "--json").out());
        JsonNode ref = JSON.readTree(CliRunner.run("tokenize", vocab.toString(), "Hello world", "--json").out());
        assertEquals(ref.get("ids"), tok.get("ids"));
        JsonNode info = JSON.readTree(CliRunner.run("info", out.toString(), "--json").out());
        info.get("tensors").forEach(t -> {
            if (t.get("name").asText().equals("token_embd.weight")) {
                assertEquals(32000, t.get("shape").get(1).asInt());
            }
        });
    }

    @Test
    void unknownPresetIsAUsageError() {
        CliRunner.Result r = CliRunner.run("synth", "gpt-7:Q4_0", tmp.resolve("x.gguf").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("llama-3.2-1b"), r.err());
    }
}
