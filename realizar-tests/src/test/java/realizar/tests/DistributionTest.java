package realizar.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The laid-out distribution works as shipped: the CLI starts from dist/lib on the module path and finds every plugin in
 * dist/plugins through its own module layer (no plugin on the module path), and generates with them.
 */
final class DistributionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyBundledPluginLoadsFromItsOwnLayer() throws Exception {
        JsonNode plugins = JSON.readTree(realizar("plugins", "--json")).get("plugins");
        Set<String> ok = new TreeSet<>();
        for (JsonNode p : plugins) {
            assertEquals("ok", p.get("status").asText(), "plugin failed to load: " + p);
            assertTrue(p.get("source").asText().contains("plugins"), "not loaded from dist/plugins: " + p);
            ok.add(p.get("spi").asText() + ":" + p.get("name").asText());
        }
        assertTrue(ok.containsAll(List.of("FormatReader:gguf", "ComputeBackend:simd", "ChatTemplate:jinja",
                "ChatTemplate:chatml", "ToolFormat:hermes")), ok.toString());
    }

    @Test
    void theDistributionGeneratesLikeLlamaCpp() throws Exception {
        JsonNode out = JSON.readTree(realizar("run", root().resolve("models/stories260K/stories260K.gguf").toString(),
                "Once upon a time", "-n", "8", "--temperature", "0", "--kv-type", "f32", "--json"));
        assertEquals("[1,403,407,261,378]", out.get("prompt_ids").toString());
        assertEquals("[432,383,286,261,376,298,315,421]", out.get("output_ids").toString());
    }

    @Test
    void jinjaTemplatesRenderInsideThePluginLayer() throws Exception {
        // Jinjava loads classes through the context class loader; inside a plugin layer that only works if the plugin
        // points it at its own loader.
        Path messages = Files.createTempFile("messages", ".json");
        Files.writeString(messages, "[{\"role\": \"user\", \"content\": \"Hi\"}]");
        Path jinja = root().resolve("plugin-templates/src/test/resources/templates/Qwen-Qwen2.5-7B-Instruct.jinja");
        JsonNode out = JSON.readTree(realizar("template", jinja.toString(), "--messages", messages.toString(),
                "--add-generation-prompt", "--json"));
        assertTrue(out.get("prompt").asText().endsWith("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"), out.toString());
        Files.delete(messages);
    }

    @Test
    void theExamplesRun() throws Exception {
        for (String example : List.of("JsonOutput", "RenderTemplates", "ToolCalling")) {
            String out = run(List.of("--add-modules", "ALL-SYSTEM,ALL-MODULE-PATH",
                    "-Drealizar.demo.model=" + root().resolve("models/stories260K/stories260K.gguf"),
                    root().resolve("examples/" + example + ".java").toString()));
            assertTrue(!out.isBlank(), example + " printed nothing");
        }
    }

    private static String realizar(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("--add-modules", "ALL-SYSTEM", "-m", "realizar.cli/realizar.cli.Main"));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /** Runs java with dist/lib as the module path and dist as the installation. */
    private static String run(List<String> javaArgs) throws IOException, InterruptedException {
        Path root = root();
        Path lib = root.resolve("dist/lib");
        assertTrue(Files.isDirectory(lib), "dist/lib is missing: the build lays it out in the package phase");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Drealizar.home=" + root.resolve("dist"), "-p", lib.toString()));
        cmd.addAll(javaArgs);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "realizar did not finish");
        assertEquals(0, p.exitValue(), err);
        return new String(out, StandardCharsets.UTF_8);
    }

    private static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        return p;
    }
}
