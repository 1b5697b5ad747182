package realizar.runtime.arch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import realizar.api.backend.ComputeDevice;
import realizar.runtime.model.KvType;
import realizar.runtime.testing.TestModels;

/**
 * The full sweep over ../shared/fixtures/arch: every causal fixture (llama, llama-rope-freqs, qwen2, qwen3, phi2, phi3,
 * gemma, gemma2, gpt2) × every weight type it has (F32, F16, Q8_0) against its llama.cpp reference with an F32 KV
 * cache, plus each F32 model with realizar's default F16 KV cache (probabilities within 3e-3, the fixture README's
 * allowance). Skipped when the shared folder is absent.
 */
final class ArchReferenceSweepTest {
    private static final List<String> TYPES = List.of("F32", "F16", "Q8_0");
    private static final List<ArchReference.Outcome> MEASURED = new ArrayList<>();
    private static ComputeDevice device;

    @BeforeAll
    static void open() {
        device = TestModels.cpu(2);
    }

    @AfterAll
    static void close() {
        System.err.print(ArchReference.summary(MEASURED));
        device.close();
    }

    private static void record(ArchReference.Outcome o) {
        synchronized (MEASURED) {
            MEASURED.add(o);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyArchitectureAndWeightType() {
        Optional<Path> shared = TestModels.sharedFixtures().map(f -> f.resolve("arch")).filter(Files::isDirectory);
        if (shared.isEmpty()) {
            return Stream.of(DynamicTest.dynamicTest("shared arch fixtures", () -> {
                System.err.println("SKIPPED: ../shared/fixtures not present");
                Assumptions.abort("SKIPPED: ../shared/fixtures not present");
            }));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (ArchReference.Case c : cases(shared.get())) {
            tests.add(DynamicTest.dynamicTest(c + " kv=F32", () -> record(ArchReference.check(c, device, KvType.F32))));
            if (c.type().equals("F32")) {
                tests.add(DynamicTest.dynamicTest(c + " kv=F16", () -> record(ArchReference.check(c, device, KvType.F16))));
            }
        }
        return tests.stream();
    }

    static List<ArchReference.Case> cases(Path arch) {
        List<ArchReference.Case> cases = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(arch)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                String fixture = dir.getFileName().toString();
                if (fixture.equals("bert")) {
                    continue; // an encoder: embeddings, not generation
                }
                for (String type : TYPES) {
                    Path model = dir.resolve(fixture + "-" + type + ".gguf");
                    Path ref = dir.resolve("ref-" + type + ".json");
                    if (Files.exists(model) && Files.exists(ref)) {
                        cases.add(new ArchReference.Case(fixture, type, model, ref));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }
}
