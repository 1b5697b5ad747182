package realizar.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import realizar.api.chat.ChatMessage;
import realizar.api.chat.ContentPart;
import realizar.api.chat.TemplateRequest;
import realizar.api.chat.ToolCall;
import realizar.api.chat.ToolSpec;

/** Reads the chat-template reference renders (fixtures/templates: *.jinja, cases/*.json) into API records. */
final class TemplateFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One reference render: the template, the request as our API carries it, and what transformers produced. */
    record Case(String templateStem, String caseName, String templateText, TemplateRequest request,
                LocalDateTime now, String expected, String error) {
        @Override
        public String toString() {
            return templateStem + "__" + caseName;
        }
    }

    private TemplateFixtures() {
    }

    /** The copy vendored under src/test/resources/templates. */
    static Path vendored() {
        try {
            return Path.of(TemplateFixtures.class.getResource("/templates/templates.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ../shared/fixtures/templates, found from the system property realizar.shared or by walking up. */
    static Optional<Path> shared() {
        String property = System.getProperty("realizar.shared");
        if (property != null) {
            Path p = Path.of(property).resolve("fixtures/templates");
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("shared/fixtures/templates");
            if (Files.isDirectory(p)) {
                return Optional.of(p);
            }
            Path sibling = dir.resolveSibling("shared").resolve("fixtures/templates");
            if (Files.isDirectory(sibling)) {
                return Optional.of(sibling);
            }
        }
        return Optional.empty();
    }

    /** The template names (file stems) in {@code dir}. */
    static List<String> stems(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".jinja"))
                    .map(n -> n.substring(0, n.length() - ".jinja".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String template(Path dir, String stem) {
        try {
            return Files.readString(dir.resolve(stem + ".jinja"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Case> cases(Path dir) {
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve("cases"))) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".json") || name.equals("index.json")) {
                    continue;
                }
                JsonNode c = JSON.readTree(f.toFile());
                String stem = Path.of(c.get("template_file").asText()).getFileName().toString().replace(".jinja", "");
                String caseName = name.substring(name.indexOf("__") + 2, name.length() - ".json".length());
                cases.add(new Case(stem, caseName, template(dir, stem), request(c),
                        LocalDateTime.parse(c.get("now").asText()), text(c.get("expected")), text(c.get("error"))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    static TemplateRequest request(JsonNode c) throws IOException {
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode m : c.get("conversation")) {
            messages.add(message(m));
        }
        List<ToolSpec> tools = new ArrayList<>();
        if (c.hasNonNull("tools")) {
            for (JsonNode t : c.get("tools")) {
                JsonNode f = t.get("function");
                tools.add(new ToolSpec(f.get("name").asText(), text(f.get("description")),
                        f.has("parameters") ? JSON.writeValueAsString(f.get("parameters")) : null));
            }
        }
        return new TemplateRequest(messages, tools, c.get("add_generation_prompt").asBoolean(),
                text(c.get("bos_token")), text(c.get("eos_token")), Map.of());
    }

    private static ChatMessage message(JsonNode m) throws IOException {
        List<ToolCall> calls = new ArrayList<>();
        if (m.has("tool_calls")) {
            for (JsonNode call : m.get("tool_calls")) {
                JsonNode f = call.get("function");
                JsonNode args = f.get("arguments");
                calls.add(new ToolCall(text(call.get("id")), f.get("name").asText(),
                        args.isTextual() ? args.asText() : JSON.writeValueAsString(args)));
            }
        }
        JsonNode content = m.get("content");
        List<ContentPart> parts = new ArrayList<>();
        if (content != null && content.isArray()) {
            for (JsonNode p : content) {
                parts.add(new ContentPart(p.get("type").asText(), text(p.get("text"))));
            }
        }
        return new ChatMessage(m.get("role").asText(), content != null && content.isTextual() ? content.asText() : null,
                calls, text(m.get("tool_call_id")), text(m.get("name")), text(m.get("reasoning_content")), parts);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
