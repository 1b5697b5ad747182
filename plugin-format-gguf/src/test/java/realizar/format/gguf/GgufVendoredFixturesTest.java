package realizar.format.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static realizar.format.gguf.GgufTestSupport.GGUF;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import realizar.api.format.Metadata;
import realizar.api.format.ModelFile;
import realizar.api.format.ProgressListener;
import realizar.api.format.TensorInfo;
import realizar.api.format.TensorSource;
import realizar.api.format.TensorType;

/** Real files made by llama.cpp and crabml, vendored so these run on a fresh clone (see resources/gguf/README.md). */
final class GgufVendoredFixturesTest {
    @TempDir
    Path dir;

    @Test
    void theQuantizedFileMatchesItsManifestEntry() throws IOException {
        JsonNode entry = GgufManifest.read(GgufTestSupport.resource("qrand-Q4_0-pure.manifest.json")).get("file");
        try (GgufModelFile model = GgufManifest.open(GgufTestSupport.resource("qrand-Q4_0-pure.gguf"))) {
            GgufManifest.assertMatches(entry, model);
            assertEquals(entry.get("general.file_type").asLong(), model.metadata().getLong("general.file_type"));
        }
    }

    @Test
    void rewritingAFileLlamaCppWroteReproducesItByteForByte() throws IOException {
        Path original = GgufTestSupport.resource("qrand-Q4_0-pure.gguf");
        assertRewriteIsIdentical(original, dir.resolve("copy.gguf"));
    }

    /** write(read(file)) == file: same key order, value types, tensor order, offsets and padding as llama.cpp. */
    static void assertRewriteIsIdentical(Path original, Path copy) throws IOException {
        try (ModelFile model = GGUF.open(original)) {
            GGUF.write(copy, model.metadata(), model.tensors().stream().map(t -> TensorSource.of(model.tensor(t.name()))).toList(),
                    ProgressListener.NONE);
        }
        assertTrue(Files.mismatch(original, copy) == -1, original.getFileName() + " differs from its rewrite at byte " + Files.mismatch(original, copy));
    }

    @Test
    void tensorTypeGeometryMatchesLlamaCppForTheThirteenFixtureTypes() throws IOException {
        JsonNode tensors = GgufManifest.read(GgufTestSupport.resource("tensor-geometry.json")).get("tensors");
        Set<TensorType> seen = EnumSet.noneOf(TensorType.class);
        for (JsonNode t : tensors) {
            GgufManifest.assertGeometry(t);
            seen.add(TensorType.valueOf(t.get("ggml_type").asText()));
        }
        assertEquals(EnumSet.of(TensorType.F32, TensorType.F16, TensorType.BF16, TensorType.Q4_0, TensorType.Q4_1, TensorType.Q5_0,
                TensorType.Q5_1, TensorType.Q8_0, TensorType.Q2_K, TensorType.Q3_K, TensorType.Q4_K, TensorType.Q5_K, TensorType.Q6_K), seen);
    }

    @Test
    void theVersion1FileOpensAndConvertsToVersion3WithTheSameContent() throws IOException {
        Path v1 = GgufTestSupport.resource("stories260K-gguf-v1.gguf");
        Path v3 = dir.resolve("stories260K-v3.gguf");
        try (GgufModelFile old = GgufManifest.open(v1)) {
            assertEquals(1, old.version());
            assertEquals("llama", old.metadata().getString("general.architecture"));
            assertEquals(5, old.metadata().getInt("llama.block_count"));
            assertEquals(512, old.metadata().getStrings("tokenizer.ggml.tokens").size());
            assertTrue(old.tensors().size() > 40, "5 layers of tensors");
            GGUF.write(v3, old.metadata(), old.tensors().stream().map(t -> TensorSource.of(old.tensor(t.name()))).toList(),
                    ProgressListener.NONE);
            try (GgufModelFile converted = GgufManifest.open(v3)) {
                assertEquals(3, converted.version());
                assertSameContent(old, converted);
                assertEquals(old.metadata().getStrings(GgufModelFile.VALUE_TYPES_KEY),
                        converted.metadata().getStrings(GgufModelFile.VALUE_TYPES_KEY));
            }
        }
    }

    /** Same metadata (but the version) and the same tensors with the same bytes. */
    static void assertSameContent(ModelFile a, ModelFile b) {
        Metadata am = a.metadata();
        Metadata bm = b.metadata();
        assertEquals(Set.copyOf(am.keys()), Set.copyOf(bm.keys()));
        for (String key : am.keys()) {
            if (!key.equals(GgufModelFile.VERSION_KEY)) {
                assertEquals(GgufTestSupport.comparable(am.asMap().get(key)), GgufTestSupport.comparable(bm.asMap().get(key)), key);
            }
        }
        assertEquals(a.tensors().size(), b.tensors().size());
        for (TensorInfo t : a.tensors()) {
            TensorInfo u = b.tensor(t.name()).info();
            assertEquals(t.type(), u.type(), t.name());
            assertArrayEquals(t.dims(), u.dims(), t.name());
            assertEquals(-1, a.tensor(t.name()).data().mismatch(b.tensor(t.name()).data()), t.name() + " bytes");
        }
    }
}
