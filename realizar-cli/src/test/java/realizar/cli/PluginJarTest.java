package realizar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import realizar.api.chat.ChatTemplate;

/**
 * A third party's plugin: a ChatTemplate in its own module, compiled and jarred here, dropped into a plugins folder.
 * {@code realizar plugins --json} must list it; a second jar whose provider throws in its constructor must be reported
 * as failed without stopping the others.
 */
final class PluginJarTest {
    @TempDir
    Path tmp;

    @Test
    void droppedJarIsListedAndABrokenOneIsReported() throws IOException {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        buildPlugin("acme.template", "AcmeTemplate", "", plugins.resolve("acme-template.jar"));
        buildPlugin("broken.template", "BrokenTemplate", "throw new IllegalStateException(\"boom from the constructor\");",
                plugins.resolve("broken-template.jar"));

        CliRunner.Result r = CliRunner.run("plugins", "--plugins", plugins.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode list = new ObjectMapper().readTree(r.out()).get("plugins");
        JsonNode acme = find(list, "acme");
        assertEquals("ChatTemplate", acme.get("spi").asText());
        assertEquals("acme.template", acme.get("module").asText());
        assertEquals("ok", acme.get("status").asText());
        assertTrue(acme.get("source").asText().endsWith("acme-template.jar"), acme.toString());
        assertEquals("3.1.4", acme.get("version").asText());

        JsonNode broken = find(list, "broken.template.BrokenTemplate");
        assertTrue(broken.get("status").asText().startsWith("failed:"), broken.toString());
        assertTrue(broken.get("status").asText().contains("boom from the constructor"), broken.toString());
        // The built-in plugins are still there.
        assertEquals("ok", find(list, "gguf").get("status").asText());
        assertEquals("ok", find(list, "simd").get("status").asText());
    }

    @Test
    void twoPluginsWithOneNameFailNamingBothJars() throws IOException {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        buildPlugin("first.template", "AcmeTemplate", "", plugins.resolve("first.jar"));
        buildPlugin("second.template", "AcmeTemplate", "", plugins.resolve("second.jar"));
        CliRunner.Result r = CliRunner.run("plugins", "--plugins", plugins.toString(), "--json");
        assertEquals(2, r.exitCode(), r.out());
        assertTrue(r.err().contains("PLUGIN_CONFLICT") && r.err().contains("first.jar") && r.err().contains("second.jar"), r.err());
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode p : list) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("plugin '" + name + "' not listed in " + list);
    }

    /** Writes, compiles and jars a one-class module that provides a ChatTemplate named "acme". */
    private void buildPlugin(String module, String className, String constructorBody, Path jar) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src-" + module));
        Path pkg = Files.createDirectories(src.resolve(module.replace('.', '/')));
        Files.writeString(src.resolve("module-info.java"), """
                module %s {
                    requires realizar.api;
                    provides realizar.api.chat.ChatTemplate with %s.%s;
                }
                """.formatted(module, module, className));
        Files.writeString(pkg.resolve(className + ".java"), """
                package %s;

                import realizar.api.chat.*;

                public final class %s implements ChatTemplate {
                    public %s() { %s }
                    @Override public String name() { return "acme"; }
                    @Override public int spiVersion() { return realizar.api.SpiVersion.CURRENT; }
                    @Override public String version() { return "3.1.4"; }
                    @Override public int matches(TemplateSource source) { return 0; }
                    @Override public RenderedPrompt render(TemplateSource source, TemplateRequest request) {
                        StringBuilder sb = new StringBuilder();
                        for (ChatMessage m : request.messages()) sb.append(m.role()).append(": ").append(m.content()).append('\\n');
                        return new RenderedPrompt(sb.toString(), java.util.List.of(), name());
                    }
                }
                """.formatted(module, className, className, constructorBody));
        Path classes = Files.createDirectories(tmp.resolve("classes-" + module));
        Path api = Path.of(ChatTemplate.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        tool("javac", "--release", "25", "--module-path", api.toString(), "-d", classes.toString(),
                src.resolve("module-info.java").toString(), pkg.resolve(className + ".java").toString());
        tool("jar", "--create", "--file", jar.toString(), "-C", classes.toString(), ".");
    }

    private static void tool(String name, String... args) {
        ToolProvider tool = ToolProvider.findFirst(name).orElseThrow(() -> new AssertionError(name + " is not available in this JDK"));
        StringWriter out = new StringWriter();
        int code = tool.run(new PrintWriter(out), new PrintWriter(out), args);
        assertEquals(0, code, name + " " + new ArrayList<>(List.of(args)) + ":\n" + out);
    }
}
