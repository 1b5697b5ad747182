package realizar.runtime.quantize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import realizar.api.format.ModelFile;
import realizar.api.format.ProgressListener;
import realizar.api.format.TensorInfo;
import realizar.runtime.Realizar;
import realizar.runtime.RealizarOptions;
import realizar.runtime.testing.TestModels;

/**
 * {@code realizar quantize} against llama-quantize on the shared fixtures: every file of
 * {@code ../shared/fixtures/quant/manifest.json} made from {@code qrand-F32.gguf} (all 12 types, {@code --pure} and the
 * Q3_K_M/Q4_K_M/Q5_K_M mixes) is remade here and must come out with the same type and the same bytes for every tensor,
 * and the same file, byte for byte.
 */
final class QuantizeSharedFixturesTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> files() throws IOException {
        Optional<Path> fixtures = TestModels.sharedFixtures();
        if (fixtures.isEmpty()) {
            System.out.println("SKIPPED: ../shared/fixtures not present");
            return Stream.of(Arguments.of(null, null));
        }
        JsonNode manifest = new ObjectMapper().readTree(fixtures.get().resolve("quant/manifest.json").toFile());
        List<Arguments> files = new ArrayList<>();
        for (JsonNode f : manifest.get("files")) {
            if (f.get("llama_quantize_args").isTextual()) {
                files.add(Arguments.of(Path.of(f.get("file").asText()).getFileName().toString(), f));
            }
        }
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void sameFileAsLlamaQuantize(String name, JsonNode entry) throws IOException {
        assumeTrue(name != null, "SKIPPED: ../shared/fixtures not present");
        Path models = TestModels.sharedFixtures().orElseThrow().resolve("quant/models");
        String[] args = entry.get("llama_quantize_args").asText().split(" ");
        boolean pure = args[0].equals("--pure");
        QuantMix mix = QuantMix.parse(args[pure ? 3 : 2]);
        Path out = tmp.resolve(name);
        try (Realizar realizar = Realizar.create(new RealizarOptions(null, null, 1))) {
            ModelQuantizer.Result r = ModelQuantizer.quantize(realizar, models.resolve("qrand-F32.gguf"), out, mix, pure, 2,
                    ProgressListener.NONE);
            assertEquals(Files.size(out), r.bytes());
        }
        try (ModelFile ours = TestModels.open(out); ModelFile theirs = TestModels.open(models.resolve(name))) {
            assertEquals(names(theirs), names(ours), "tensor order");
            for (TensorInfo t : theirs.tensors()) {
                TensorInfo o = ours.tensor(t.name()).info();
                assertEquals(t.type(), o.type(), t.name());
                assertArrayEquals(theirs.tensor(t.name()).data().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                        ours.tensor(t.name()).data().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), t.name() + " bytes");
            }
            assertEquals(theirs.metadata().asMap().keySet(), ours.metadata().asMap().keySet());
        }
        assertEquals(-1L, Files.mismatch(models.resolve(name), out), "whole file differs from llama-quantize's");
    }

    /**
     * qrand-BF16.gguf holds exactly the F32 file's weights (they were rounded to bfloat16), so quantizing it must give
     * llama-quantize's files from the F32 source, byte for byte: the BF16 decoding path and metadata handling of a
     * quantized-to-quantized run (general.file_type and quantization_version already present).
     */
    @org.junit.jupiter.api.Test
    void aBf16SourceGivesTheSameFiles() throws IOException {
        Optional<Path> fixtures = TestModels.sharedFixtures();
        assumeTrue(fixtures.isPresent(), "SKIPPED: ../shared/fixtures not present");
        Path models = fixtures.get().resolve("quant/models");
        try (Realizar realizar = Realizar.create(new RealizarOptions(null, null, 1))) {
            for (String[] c : new String[][] {{"Q4_K_M", "qrand-Q4_K_M.gguf"}, {"Q8_0", "qrand-Q8_0-pure.gguf"}}) {
                Path out = tmp.resolve("from-bf16-" + c[1]);
                ModelQuantizer.quantize(realizar, models.resolve("qrand-BF16.gguf"), out, QuantMix.parse(c[0]),
                        c[1].contains("pure"), 0, ProgressListener.NONE);
                assertEquals(-1L, Files.mismatch(models.resolve(c[1]), out), c[1]);
            }
        }
    }

    private static List<String> names(ModelFile f) {
        return f.tensors().stream().map(TensorInfo::name).toList();
    }
}
