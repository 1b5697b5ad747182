package realizar.runtime.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import realizar.api.format.Metadata;
import realizar.api.format.ModelFile;
import realizar.runtime.testing.TestModels;

/** Locates and reads tokenizer fixtures: vendored test resources and the optional shared fixture folder. */
final class TokenizerFixtures {
    static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    /** One llama.cpp test vector: input text and the ids llama.cpp produced (no BOS, no special parsing). */
    record Case(int index, String text, int[] expected) {
    }

    private TokenizerFixtures() {
    }

    /** A vendored resource as a file path. */
    static Path resource(String name) {
        URL url = TokenizerFixtures.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalStateException("test resource " + name + " is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code ../shared/fixtures} (or {@code -Drealizar.shared=DIR}), null when absent. */
    static Path sharedFixtures() {
        return TestModels.sharedFixtures().orElse(null);
    }

    /** The metadata of a GGUF file, opened through the FormatReader plugin found by ServiceLoader. */
    static Metadata metadata(Path gguf) {
        try (ModelFile file = TestModels.open(gguf)) {
            return file.metadata();
        }
    }

    static Tokenizer tokenizer(Path gguf) {
        return Tokenizer.fromMetadata(metadata(gguf));
    }

    /** The cases of {@code <vocab>.gguf.inp} / {@code .out}, per llama.cpp's tests/test-tokenizer-0.cpp. */
    static List<Case> cases(Path gguf) {
        try {
            String inp = Files.readString(Path.of(gguf + ".inp"), StandardCharsets.UTF_8);
            String out = Files.readString(Path.of(gguf + ".out"), StandardCharsets.UTF_8);
            List<String> texts = new ArrayList<>(Arrays.asList(inp.split(SEPARATOR, -1)));
            assertEquals("", texts.removeLast(), gguf + ".inp must end with the separator");
            List<String> lines = new ArrayList<>(Arrays.asList(out.split("\n", -1)));
            if (lines.getLast().isEmpty()) {
                lines.removeLast();
            }
            assertEquals(texts.size(), lines.size(), "cases in " + gguf + ".inp and lines in .out");
            List<Case> cases = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                String line = lines.get(i).trim();
                int[] ids = line.isEmpty() ? new int[0]
                        : Arrays.stream(line.split(" +")).mapToInt(Integer::parseInt).toArray();
                cases.add(new Case(i, texts.get(i), ids));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String describe(Case c) {
        String shown = c.text().length() > 40 ? c.text().substring(0, 40) + "..." : c.text();
        return "case " + c.index() + " " + shown.replace("\n", "\\n").replace("\t", "\\t");
    }
}
