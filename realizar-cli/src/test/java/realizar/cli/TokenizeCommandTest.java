package realizar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code realizar tokenize} / {@code detokenize} give llama.cpp's prompt ids and pieces for the fixture prompts. */
final class TokenizeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void tokenizeMatchesLlamaCppPromptIds() throws IOException {
        JsonNode fixture = JSON.readTree(CliRunner.stories260KFixture().toFile());
        for (JsonNode c : fixture.get("cases")) {
            CliRunner.Result r = CliRunner.run("tokenize", CliRunner.demoModel().toString(), c.get("prompt").asText(), "--json");
            assertEquals(0, r.exitCode(), r.err());
            JsonNode out = JSON.readTree(r.out());
            assertEquals(c.get("prompt_ids"), out.get("ids"));
            assertEquals(c.get("prompt_ids").size(), out.get("pieces").size());
            assertEquals("<s>", out.get("pieces").get(0).asText());
        }
    }

    @Test
    void batchAndNoBos() throws IOException {
        Path batch = tmp.resolve("batch.json");
        Files.writeString(batch, "[\"Once upon a time\", \"The little dog was very\"]");
        CliRunner.Result r = CliRunner.run("tokenize", CliRunner.demoModel().toString(), "--batch", batch.toString(), "--no-bos", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode results = JSON.readTree(r.out()).get("results");
        assertEquals("[403,407,261,378]", results.get(0).get("ids").toString());
        assertEquals(2, results.size());

        Files.writeString(batch, "[\"ok\", 3]");
        CliRunner.Result bad = CliRunner.run("tokenize", CliRunner.demoModel().toString(), "--batch", batch.toString(), "--json");
        assertEquals(2, bad.exitCode());
        assertEquals(true, bad.err().contains("element 1"), bad.err());
    }

    @Test
    void detokenizeRoundTrips() throws IOException {
        JsonNode fixture = JSON.readTree(CliRunner.stories260KFixture().toFile());
        JsonNode c = fixture.get("cases").get(0);
        StringBuilder ids = new StringBuilder();
        for (JsonNode id : c.get("output_ids")) {
            ids.append(ids.isEmpty() ? "" : ",").append(id.asInt());
        }
        CliRunner.Result r = CliRunner.run("detokenize", CliRunner.demoModel().toString(), "--ids", ids.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(RunCommandTest.decodeHex(c.get("output_bytes_hex").asText()), JSON.readTree(r.out()).get("text").asText());

        CliRunner.Result outside = CliRunner.run("detokenize", CliRunner.demoModel().toString(), "--ids", "1,99999");
        assertEquals(2, outside.exitCode());
    }
}
