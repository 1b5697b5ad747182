package realizar.runtime.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import realizar.runtime.LoadedModel;
import realizar.runtime.ModelOptions;
import realizar.runtime.Realizar;
import realizar.runtime.RealizarOptions;
import realizar.runtime.generate.GenerationRequest;
import realizar.runtime.generate.GenerationResult;
import realizar.runtime.generate.TokenListener;
import realizar.runtime.model.KvType;
import realizar.runtime.sampling.SamplingParams;

/**
 * Every architecture through the library's front door ({@link Realizar#load}, plugin discovery, the tokenizer from
 * metadata, {@link LoadedModel#generate}) with the reference's prompt ids: the F32-KV greedy ids are llama.cpp's
 * (up to where a Q8_0 reference's margin allows), and the default options (F16 KV cache) load and generate.
 */
final class LoadedArchitecturesTest {
    private static Realizar realizar;

    @BeforeAll
    static void open() {
        realizar = Realizar.create(new RealizarOptions(null, "simd", 2));
    }

    @AfterAll
    static void close() {
        realizar.close();
    }

    static Stream<ArchReference.Case> vendored() {
        return ArchReferenceTest.vendored();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vendored")
    void generatesLlamaCppsIdsThroughTheLibrary(ArchReference.Case c) {
        var ref = ArchReference.readJson(c.reference());
        int[] prompt = ArchReference.ints(ref.get("prompt_ids"));
        int[] expected = ArchReference.ints(ref.get("output_ids"));
        int exact = expected.length;
        if (c.type().equals("Q8_0")) {
            for (int k = 0; k < expected.length; k++) {
                if (ref.get("steps").get(k).get("margin_top1_top2").asDouble() < ArchReference.Q8_MARGIN) {
                    exact = k;
                    break;
                }
            }
        }
        GenerationRequest request = new GenerationRequest(prompt, expected.length, SamplingParams.greedy(), List.of(), 0, true);
        try (LoadedModel model = realizar.load(c.model(), ModelOptions.defaults().withKvType(KvType.F32))) {
            assertEquals(ref.get("arch").asText(), model.model().architecture());
            assertEquals(128, model.contextLength(), "the default context is the trained length (128) when under 4096");
            GenerationResult r = model.generate(request, List.of(), TokenListener.NONE);
            assertArrayEquals(Arrays.copyOf(expected, exact), Arrays.copyOf(r.outputIds(), exact));
        }
        try (LoadedModel model = realizar.load(c.model(), ModelOptions.defaults())) {
            assertEquals(expected.length, model.generate(request, List.of(), TokenListener.NONE).outputIds().length);
        }
    }
}
