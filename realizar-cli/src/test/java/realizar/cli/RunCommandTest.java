package realizar.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code realizar run --json} end to end on the demo model, against llama.cpp's references: the text prompt is
 * tokenized to llama.cpp's prompt ids, greedy ids are identical, and the top-10 probabilities are within 1e-3.
 */
final class RunCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void greedyRunMatchesLlamaCppForEveryFixturePrompt() throws IOException {
        JsonNode fixture = JSON.readTree(CliRunner.stories260KFixture().toFile());
        for (JsonNode c : fixture.get("cases")) {
            CliRunner.Result r = CliRunner.run("run", CliRunner.demoModel().toString(), c.get("prompt").asText(),
                    "-n", c.get("n_predict").asText(), "--temperature", "0", "--kv-type", "f32", "--logprobs", "10",
                    "--threads", "2", "--json");
            assertEquals(0, r.exitCode(), r.err());
            JsonNode out = JSON.readTree(r.out());
            assertArrayEquals(ints(c.get("prompt_ids")), ints(out.get("prompt_ids")), "prompt ids of '" + c.get("prompt").asText() + "'");
            assertArrayEquals(ints(c.get("output_ids")), ints(out.get("output_ids")), "output ids of '" + c.get("prompt").asText() + "'");
            assertEquals(decodeHex(c.get("output_bytes_hex").asText()), out.get("text").asText());
            for (int step = 0; step < c.get("output_ids").size(); step++) {
                JsonNode ours = out.get("top_logprobs").get(step);
                for (JsonNode ref : c.get("top_probs").get(step)) {
                    double p = 0;
                    for (JsonNode o : ours) {
                        if (o.get("id").asInt() == ref.get("id").asInt()) {
                            p = Math.exp(o.get("logprob").asDouble());
                        }
                    }
                    assertEquals(ref.get("prob").asDouble(), p, 1e-3, "step " + step + " token " + ref.get("id"));
                }
            }
            assertTrue(out.get("timings").get("decode_tok_s").asDouble() > 0, r.out());
        }
    }

    @Test
    void promptIdsAreUsedAsGiven() throws IOException {
        CliRunner.Result r = CliRunner.run("run", CliRunner.demoModel().toString(), "--prompt-ids", "1,403,407,261,378",
                "-n", "5", "--temperature", "0", "--kv-type", "f32", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode out = JSON.readTree(r.out());
        assertArrayEquals(new int[] {1, 403, 407, 261, 378}, ints(out.get("prompt_ids")));
        assertArrayEquals(new int[] {432, 383, 286, 261, 376}, ints(out.get("output_ids")));
    }

    @Test
    void stopStringSplitAcrossTwoTokensIsHonoured() throws IOException {
        // Greedy output starts ", there was a little girl named Lily." — "e g" spans the tokens " little" and " girl".
        CliRunner.Result r = CliRunner.run("run", CliRunner.demoModel().toString(), "Once upon a time", "-n", "48",
                "--temperature", "0", "--stop", "e g", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode out = JSON.readTree(r.out());
        assertEquals(", there was a littl", out.get("text").asText());
        assertEquals("stop", out.get("stop_reason").asText());
    }

    @Test
    void seededSamplingIsReproducible() throws IOException {
        String[] args = {"run", CliRunner.demoModel().toString(), "Once upon a time", "-n", "24", "--temperature", "1.0",
                "--seed", "1234", "--json"};
        JsonNode a = JSON.readTree(CliRunner.run(args).out());
        JsonNode b = JSON.readTree(CliRunner.run(args).out());
        assertEquals(a.get("output_ids"), b.get("output_ids"));
        JsonNode c = JSON.readTree(CliRunner.run("run", CliRunner.demoModel().toString(), "Once upon a time", "-n", "24",
                "--temperature", "1.0", "--seed", "99", "--json").out());
        assertTrue(!a.get("output_ids").equals(c.get("output_ids")), "different seeds gave identical 24-token samples");
    }

    @Test
    void badInputGivesOneLineAndExitCode2() throws IOException {
        CliRunner.Result missing = CliRunner.run("run", tmp.resolve("nope.gguf").toString(), "hi");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("NOT_FOUND") && missing.err().contains("nope.gguf"), missing.err());

        Path corrupt = tmp.resolve("corrupt.gguf");
        byte[] head = Files.readAllBytes(CliRunner.demoModel());
        Files.write(corrupt, java.util.Arrays.copyOf(head, 5000));
        CliRunner.Result truncated = CliRunner.run("run", corrupt.toString(), "hi");
        assertEquals(2, truncated.exitCode());
        assertTrue(truncated.err().contains("MALFORMED_MODEL"), truncated.err());

        Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "just some text, not a model");
        CliRunner.Result unknown = CliRunner.run("info", text.toString());
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("UNKNOWN_FORMAT"), unknown.err());

        CliRunner.Result badTemp = CliRunner.run("run", CliRunner.demoModel().toString(), "hi", "--temperature", "-1");
        assertEquals(2, badTemp.exitCode());
        assertTrue(badTemp.err().contains("temperature"), badTemp.err());

        CliRunner.Result badOption = CliRunner.run("run", CliRunner.demoModel().toString(), "hi", "--no-such-option");
        assertEquals(2, badOption.exitCode());

        CliRunner.Result badKv = CliRunner.run("run", CliRunner.demoModel().toString(), "hi", "--kv-type", "q3");
        assertEquals(2, badKv.exitCode());
        assertTrue(badKv.err().contains("--kv-type"), badKv.err());
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    static String decodeHex(String hex) {
        byte[] bytes = java.util.HexFormat.of().parseHex(hex);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
