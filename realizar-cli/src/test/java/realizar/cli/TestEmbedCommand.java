package realizar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code realizar embed} on llama.cpp's BERT fixture (vendored in the runtime's test resources). */
final class TestEmbedCommand {
    private static final Path FIXTURE = CliRunner.repoRoot().resolve("realizar-runtime/src/test/resources/fixtures/arch/bert");

    @Test
    void jsonOutputMatchesLlamaCpp() throws IOException {
        JsonNode ref = new ObjectMapper().readTree(Files.readString(FIXTURE.resolve("ref-F16.json")));
        CliRunner.Result r = CliRunner.run("embed", FIXTURE.resolve("bert-F16.gguf").toString(), "hello world", "a second text",
                "--json", "--threads", "1");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode out = new ObjectMapper().readTree(r.out());
        assertEquals(32, out.get("dimensions").asInt());
        assertEquals(2, out.get("embeddings").size());
        JsonNode first = out.get("embeddings").get(0);
        for (int i = 0; i < 32; i++) {
            assertEquals(ref.get("embedding").get(i).asDouble(), first.get(i).asDouble(), 2e-4, "component " + i);
        }
    }

    @Test
    void noNormalizeAndPoolingOptions() throws IOException {
        JsonNode ref = new ObjectMapper().readTree(Files.readString(FIXTURE.resolve("ref-F16.json")));
        CliRunner.Result r = CliRunner.run("embed", FIXTURE.resolve("bert-F16.gguf").toString(), "hello world",
                "--no-normalize", "--pooling", "mean", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode v = new ObjectMapper().readTree(r.out()).get("embeddings").get(0);
        assertEquals(ref.get("embedding_unnormalized").get(0).asDouble(), v.get(0).asDouble(), 1e-3);
        CliRunner.Result text = CliRunner.run("embed", FIXTURE.resolve("bert-F16.gguf").toString(), "hello", "world");
        assertEquals(0, text.exitCode(), text.err());
        assertEquals(2, text.out().strip().split("\n").length, "one line per text");
    }

    @Test
    void badPoolingAndDecoderModelsAreUserErrors() {
        CliRunner.Result r = CliRunner.run("embed", FIXTURE.resolve("bert-F16.gguf").toString(), "x", "--pooling", "max");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("unknown pooling 'max'"), r.err());
        CliRunner.Result decoder = CliRunner.run("embed", CliRunner.demoModel().toString(), "x");
        assertEquals(2, decoder.exitCode());
        assertTrue(decoder.err().contains("not an embedding encoder"), decoder.err());
    }
}
