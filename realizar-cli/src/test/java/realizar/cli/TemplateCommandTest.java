package realizar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code realizar template} renders every reference conversation byte-identically to transformers' jinja2 (and refuses
 * where transformers refuses), from the {@code .jinja} files with the fixture's BOS/EOS and clock.
 */
final class TemplateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TEMPLATES = CliRunner.repoRoot().resolve("plugin-templates/src/test/resources/templates");

    @TempDir
    Path tmp;

    @Test
    void everyFixtureCaseRendersByteIdentically() throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(TEMPLATES.resolve("cases"))) {
            cases = s.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().equals("index.json")).sorted().toList();
        }
        assertTrue(cases.size() >= 100, "expected the vendored template cases, found " + cases.size());
        int rendered = 0;
        int refused = 0;
        for (Path file : cases) {
            JsonNode c = JSON.readTree(file.toFile());
            Path messages = tmp.resolve("messages.json");
            Files.writeString(messages, c.get("conversation").toString());
            List<String> args = new java.util.ArrayList<>(List.of("template",
                    TEMPLATES.resolve(Path.of(c.get("template_file").asText()).getFileName()).toString(),
                    "--messages", messages.toString(), "--bos-token", c.get("bos_token").asText(),
                    "--eos-token", c.get("eos_token").asText(), "--json"));
            if (c.get("add_generation_prompt").asBoolean()) {
                args.add("--add-generation-prompt");
            }
            if (c.hasNonNull("tools")) {
                Path tools = tmp.resolve("tools.json");
                Files.writeString(tools, c.get("tools").toString());
                args.addAll(List.of("--tools", tools.toString()));
            }
            System.setProperty("REALIZAR_NOW", c.get("now").asText());
            CliRunner.Result r;
            try {
                r = CliRunner.run(args.toArray(String[]::new));
            } finally {
                System.clearProperty("REALIZAR_NOW");
            }
            if (c.hasNonNull("error")) {
                assertEquals(2, r.exitCode(), file.getFileName() + " should be refused: " + r.out());
                refused++;
            } else {
                assertEquals(0, r.exitCode(), file.getFileName() + ": " + r.err());
                assertEquals(c.get("expected").asText(), JSON.readTree(r.out()).get("prompt").asText(), file.getFileName().toString());
                rendered++;
            }
        }
        assertTrue(rendered > 90 && refused > 0, rendered + " rendered, " + refused + " refused");
    }

    @Test
    void theDemoModelGetsAGuessedTemplateAndBadMessagesNameThePath() throws IOException {
        Path messages = tmp.resolve("m.json");
        Files.writeString(messages, "[{\"role\": \"user\", \"content\": \"Hello\"}]");
        CliRunner.Result r = CliRunner.run("template", CliRunner.demoModel().toString(), "--messages", messages.toString(),
                "--template", "chatml", "--add-generation-prompt", "--json");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n", JSON.readTree(r.out()).get("prompt").asText());

        Files.writeString(messages, "[{\"role\": \"wizard\", \"content\": \"Hello\"}]");
        CliRunner.Result bad = CliRunner.run("template", CliRunner.demoModel().toString(), "--messages", messages.toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("messages[0].role"), bad.err());

        Files.writeString(messages, "[{\"role\": \"user\", ");
        CliRunner.Result broken = CliRunner.run("template", CliRunner.demoModel().toString(), "--messages", messages.toString());
        assertEquals(2, broken.exitCode());
        assertTrue(broken.err().contains("line 1"), broken.err());
    }
}
