package realizar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --json-schema} / {@code --grammar}: a model that knows no JSON still writes valid, schema-shaped output. */
final class ConstrainedRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void jsonSchemaConstrainsSampledOutput() throws IOException {
        Path schema = tmp.resolve("schema.json");
        Files.writeString(schema, """
                {"type": "object", "properties": {"name": {"type": "string", "maxLength": 12},
                 "age": {"type": "integer"}, "happy": {"type": "boolean"}},
                 "required": ["name", "age", "happy"]}
                """);
        for (int seed = 1; seed <= 3; seed++) {
            CliRunner.Result r = CliRunner.run("run", CliRunner.demoModel().toString(), "Once upon a time", "-n", "200",
                    "--temperature", "0.8", "--seed", String.valueOf(seed), "--json-schema", schema.toString(), "--json");
            assertEquals(0, r.exitCode(), r.err());
            JsonNode out = JSON.readTree(r.out());
            JsonNode value = JSON.readTree(out.get("text").asText());
            assertTrue(value.get("name").isTextual() && value.get("age").isIntegralNumber() && value.get("happy").isBoolean(),
                    out.get("text").asText());
            assertEquals(3, value.size(), out.get("text").asText());
        }
    }

    @Test
    void gbnfGrammarAndItsErrors() throws IOException {
        Path gbnf = tmp.resolve("g.gbnf");
        Files.writeString(gbnf, "root ::= (\"yes\" | \"no\") \".\"\n");
        CliRunner.Result r = CliRunner.run("run", CliRunner.demoModel().toString(), "Once upon a time", "-n", "10",
                "--temperature", "0", "--grammar", gbnf.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        String text = JSON.readTree(r.out()).get("text").asText();
        assertTrue(text.equals("yes.") || text.equals("no."), text);

        Files.writeString(gbnf, "root ::= \"yes\" | \n  bad ::= [a-\n");
        CliRunner.Result bad = CliRunner.run("run", CliRunner.demoModel().toString(), "x", "--grammar", gbnf.toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("line"), bad.err());
    }
}
