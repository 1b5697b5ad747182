package realizar.runtime.arch;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import realizar.api.backend.ComputeDevice;
import realizar.runtime.model.KvType;
import realizar.runtime.testing.TestModels;

/**
 * Every causal architecture against llama.cpp on the vendored fixtures (src/test/resources/arch: phi2, gemma, gemma2,
 * gpt2 as F16; llama, qwen2, qwen3, phi3 as Q8_0), with the fixture README's tolerances (see {@link ArchReference}),
 * with the F32 KV cache the references were recorded with and with realizar's default F16 cache.
 */
final class ArchReferenceTest {
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

    static Stream<ArchReference.Case> vendored() {
        return Stream.of(
                vendored("phi2", "F16"), vendored("gemma", "F16"), vendored("gemma2", "F16"), vendored("gpt2", "F16"),
                vendored("llama", "Q8_0"), vendored("qwen2", "Q8_0"), vendored("qwen3", "Q8_0"), vendored("phi3", "Q8_0"));
    }

    private static ArchReference.Case vendored(String fixture, String type) {
        return new ArchReference.Case(fixture, type, resource(fixture + "/" + fixture + "-" + type + ".gguf"),
                resource(fixture + "/ref-" + type + ".json"));
    }

    static Path resource(String name) {
        try {
            return Path.of(ArchReferenceTest.class.getResource("/arch/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource arch/" + name + " is missing", e);
        }
    }

    private static void record(ArchReference.Outcome o) {
        synchronized (MEASURED) {
            MEASURED.add(o);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vendored")
    void greedyIdsAndTopProbabilitiesMatchLlamaCpp(ArchReference.Case c) {
        record(ArchReference.check(c, device, KvType.F32));
    }

    /** realizar's default F16 KV cache stays within the fixture README's allowance for it (3e-3). */
    @ParameterizedTest(name = "{0} kv=F16")
    @MethodSource("vendored")
    void defaultF16KvCacheStaysWithinItsAllowance(ArchReference.Case c) {
        record(ArchReference.check(c, device, KvType.F16));
    }
}
