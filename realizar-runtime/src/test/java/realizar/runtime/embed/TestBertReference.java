package realizar.runtime.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import realizar.api.backend.ComputeDevice;
import realizar.api.format.ModelFile;
import realizar.runtime.testing.TestModels;

/**
 * llama.cpp's BERT fixture (arch/bert: 2 layers, bge WordPiece vocabulary, mean pooling): the tokens of "hello world"
 * and the L2-normalised embedding llama-server computed, within the fixture's tolerance per component (F32/F16 2e-4,
 * Q8_0 1e-2). The F16 file is vendored; the sweep over all three runs where ../shared is present.
 */
final class TestBertReference {
    private static ComputeDevice device;

    @BeforeAll
    static void open() {
        device = TestModels.cpu(2);
    }

    @AfterAll
    static void close() {
        device.close();
    }

    @Test
    void vendoredF16MatchesLlamaCpp() throws IOException {
        Path dir = Path.of("src/test/resources/fixtures/arch/bert");
        check(dir.resolve("bert-F16.gguf"), dir.resolve("ref-F16.json"), 2e-4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"F32", "F16", "Q8_0"})
    void sharedFixturesMatchLlamaCpp(String type) throws IOException {
        var shared = TestModels.sharedFixtures();
        assumeTrue(shared.isPresent(), "SKIPPED: ../shared/fixtures not present");
        Path dir = shared.get().resolve("arch/bert");
        check(dir.resolve("bert-" + type + ".gguf"), dir.resolve("ref-" + type + ".json"), type.equals("Q8_0") ? 1e-2 : 2e-4);
    }

    private static void check(Path model, Path ref, double tolerance) throws IOException {
        JsonNode r = new ObjectMapper().readTree(Files.readString(ref));
        try (ModelFile file = TestModels.open(model); EmbeddingModel m = EmbeddingModel.of(file, device)) {
            assertEquals(Pooling.MEAN, m.defaultPooling(), "bert.pooling_type 1");
            int[] ids = m.tokenize(r.get("text").asText());
            assertArrayEquals(ints(r.get("token_ids")), ids, "token ids");
            float[] ours = m.embedTokens(List.of(ids), Pooling.MEAN, true)[0];
            float[] raw = m.embedTokens(List.of(ids), Pooling.MEAN, false)[0];
            double worst = maxAbsDiff(ours, r.get("embedding"));
            double worstRaw = maxAbsDiff(raw, r.get("embedding_unnormalized"));
            System.err.printf("%s: max |Δ| normalised %.2e, unnormalised %.2e%n", model.getFileName(), worst, worstRaw);
            assertTrue(worst <= tolerance, model.getFileName() + ": max component difference " + worst + " > " + tolerance);
        }
    }

    static double maxAbsDiff(float[] ours, JsonNode ref) {
        assertEquals(ref.size(), ours.length, "dimensions");
        double worst = 0;
        for (int i = 0; i < ours.length; i++) {
            worst = Math.max(worst, Math.abs(ours[i] - ref.get(i).asDouble()));
        }
        return worst;
    }

    static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }
}
