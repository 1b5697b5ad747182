package realizar.format.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import realizar.api.format.TensorInfo;
import realizar.api.format.TensorType;

/**
 * The wider sweep over ../shared (every quant fixture, both stories260K versions, the tokenizer vocabularies). Runs
 * only where the shared folder is present; says SKIPPED otherwise.
 */
final class GgufSharedFixturesTest {
    private static final String SKIPPED = "SKIPPED: ../shared/fixtures not present";

    @TempDir
    Path dir;

    private static Path shared() {
        var shared = GgufTestSupport.shared();
        assumeTrue(shared.isPresent(), SKIPPED);
        return shared.get();
    }

    private static JsonNode manifest() throws IOException {
        return GgufManifest.read(shared().resolve("fixtures/quant/manifest.json"));
    }

    @TestFactory
    Stream<DynamicTest> everyQuantFixtureMatchesTheManifestAndRewritesByteForByte() throws IOException {
        Path models = shared().resolve("fixtures/quant/models");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode entry : manifest().get("files")) {
            Path file = models.resolve(GgufManifest.fileName(entry));
            tests.add(DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                assertEquals(entry.get("size").asLong(), Files.size(file));
                try (GgufModelFile model = GgufManifest.open(file)) {
                    GgufManifest.assertMatches(entry, model);
                }
                GgufVendoredFixturesTest.assertRewriteIsIdentical(file, dir.resolve(file.getFileName()));
            }));
        }
        assertEquals(16, tests.size(), "the manifest lists 16 files");
        return tests.stream();
    }

    @Test
    void tensorTypeGeometryMatchesEveryTensorInTheManifest() throws IOException {
        Set<TensorType> seen = EnumSet.noneOf(TensorType.class);
        int count = 0;
        for (JsonNode file : manifest().get("files")) {
            for (JsonNode t : file.get("tensors")) {
                GgufManifest.assertGeometry(t);
                seen.add(TensorType.valueOf(t.get("ggml_type").asText()));
                count++;
            }
        }
        assertEquals(16 * 21, count);
        assertEquals(EnumSet.of(TensorType.F32, TensorType.F16, TensorType.BF16, TensorType.Q4_0, TensorType.Q4_1, TensorType.Q5_0,
                TensorType.Q5_1, TensorType.Q8_0, TensorType.Q2_K, TensorType.Q3_K, TensorType.Q4_K, TensorType.Q5_K, TensorType.Q6_K), seen);
    }

    @Test
    void stories260KVersion1AndVersion3HoldTheSameTensors() throws IOException {
        Path models = shared().resolve("models/stories260K");
        try (GgufModelFile v1 = GgufManifest.open(models.resolve("stories260K-gguf-v1.gguf"));
             GgufModelFile v3 = GgufManifest.open(models.resolve("stories260K.gguf"))) {
            assertEquals(1, v1.version());
            assertEquals(3, v3.version());
            assertEquals(v3.tensors().stream().map(TensorInfo::name).sorted().toList(),
                    v1.tensors().stream().map(TensorInfo::name).sorted().toList());
            for (TensorInfo t : v3.tensors()) {
                TensorInfo old = v1.tensor(t.name()).info();
                assertEquals(t.type(), old.type(), t.name());
                assertArrayEquals(t.dims(), old.dims(), t.name());
                assertEquals(-1, v3.tensor(t.name()).data().mismatch(v1.tensor(t.name()).data()), t.name() + " bytes");
            }
            assertEquals(v3.metadata().getStrings("tokenizer.ggml.tokens"), v1.metadata().getStrings("tokenizer.ggml.tokens"));
        }
        GgufVendoredFixturesTest.assertRewriteIsIdentical(models.resolve("stories260K.gguf"), dir.resolve("stories260K.gguf"));
    }

    @TestFactory
    Stream<DynamicTest> theStories260KQuantizedCopiesOpenAndRewriteByteForByte() throws IOException {
        try (Stream<Path> files = Files.list(shared().resolve("fixtures/stories260K/models"))) {
            return files.filter(p -> p.toString().endsWith(".gguf")).sorted().toList().stream()
                    .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                        try (GgufModelFile model = GgufManifest.open(file)) {
                            assertEquals("llama", model.metadata().getString("general.architecture"));
                            assertFalse(model.tensors().isEmpty());
                        }
                        GgufVendoredFixturesTest.assertRewriteIsIdentical(file, dir.resolve(file.getFileName()));
                    }));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyTokenizerVocabularyOpens() throws IOException {
        try (Stream<Path> files = Files.list(shared().resolve("fixtures/tokenizers"))) {
            List<Path> vocabs = files.filter(p -> p.toString().endsWith(".gguf")).sorted().toList();
            assertTrue(vocabs.size() >= 10, "the tokenizer fixtures are there");
            return vocabs.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                try (GgufModelFile model = GgufManifest.open(file)) {
                    assertFalse(model.metadata().getString("tokenizer.ggml.model").isEmpty());
                    List<String> tokens = model.metadata().getStrings("tokenizer.ggml.tokens");
                    assertTrue(tokens.size() > 100, "vocabulary of " + tokens.size());
                }
                GgufVendoredFixturesTest.assertRewriteIsIdentical(file, dir.resolve(file.getFileName()));
            }));
        }
    }
}
