package realizar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code realizar bench}: the JSON contract on stories260K, and the synthetic-model cache. No timing assertions. */
final class BenchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void benchesAModelFile() throws IOException {
        CliRunner.Result r = CliRunner.run("bench", CliRunner.demoModel().toString(), "-p", "8", "-n", "8", "--reps", "1",
                "--threads", "1", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode b = JSON.readTree(r.out());
        assertEquals(CliRunner.demoModel().toString(), b.get("model").asText());
        assertEquals(1, b.get("threads").asInt());
        assertTrue(b.get("prefill_tok_s").asDouble() > 0);
        assertTrue(b.get("decode_tok_s").asDouble() > 0);
        assertEquals(1, b.get("runs").size());
        JsonNode run = b.get("runs").get(0);
        assertEquals(8, run.get("prompt_tokens").asInt());
        assertEquals(8, run.get("decode_tokens").asInt());
    }

    @Test
    void syntheticModelsAreMadeOnceAndCached() throws IOException {
        List<String> args = List.of("bench", "--synthetic", "tiny:Q4_0", "--cache-dir", tmp.toString(), "-p", "4", "-n", "4",
                "--reps", "1", "--json");
        CliRunner.Result first = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, first.exitCode(), first.err());
        assertEquals("tiny:Q4_0", JSON.readTree(first.out()).get("model").asText());
        List<Path> cached;
        try (var files = Files.list(tmp)) {
            cached = files.toList();
        }
        assertEquals(1, cached.size(), cached.toString());
        FileTime made = Files.getLastModifiedTime(cached.get(0));
        Files.setLastModifiedTime(cached.get(0), FileTime.fromMillis(made.toMillis() - 60_000));
        FileTime backdated = Files.getLastModifiedTime(cached.get(0));

        CliRunner.Result second = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, second.exitCode(), second.err());
        assertEquals(backdated, Files.getLastModifiedTime(cached.get(0)), "the cached model was rewritten");
    }

    @Test
    void modelAndSyntheticAreExclusive() {
        CliRunner.Result r = CliRunner.run("bench", CliRunner.demoModel().toString(), "--synthetic", "tiny:Q4_0");
        assertEquals(2, r.exitCode());
    }
}
