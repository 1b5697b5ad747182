package realizar.runtime.quantize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import realizar.api.RealizarException;
import realizar.api.backend.ComputeDevice;
import realizar.api.format.ModelFile;
import realizar.api.format.Tensor;
import realizar.api.format.TensorInfo;
import realizar.api.format.TensorType;
import realizar.runtime.testing.TestModels;

/**
 * Each reference quantizer against llama-quantize's bytes for the same tensors (the vendored slices of the shared
 * qrand fixtures): every block must be identical, so the quantization error is llama.cpp's exactly.
 */
final class QuantizerTest {
    private static ModelFile slices;
    private static ComputeDevice device;

    @BeforeAll
    static void open() {
        slices = TestModels.open(TestModels.repoRoot().resolve("realizar-runtime/src/test/resources/quant/qrand-slices.gguf"));
        device = TestModels.cpu(1);
    }

    @AfterAll
    static void close() {
        slices.close();
        device.close();
    }

    static Stream<String> references() {
        try (ModelFile f = TestModels.open(
                TestModels.repoRoot().resolve("realizar-runtime/src/test/resources/quant/qrand-slices.gguf"))) {
            return f.tensors().stream().map(TensorInfo::name).filter(n -> !n.startsWith("src.")).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("references")
    void blocksEqualLlamaQuantize(String name) {
        Tensor reference = slices.tensor(name);
        TensorType type = reference.type();
        Tensor source = slices.tensor("src." + name.substring(name.indexOf('.') + 1));
        float[] x = new float[Math.toIntExact(source.info().elementCount())];
        device.dequantize(source, 0, x, 0, x.length);

        byte[] ours = QuantCompare.quantize(type, x);
        byte[] theirs = reference.data().toArray(ValueLayout.JAVA_BYTE);
        assertEquals(0, QuantCompare.differingBlocks(type, ours, theirs), name + ": blocks differing from llama-quantize's");
        assertArrayEquals(theirs, ours);

        double rmse = QuantCompare.rmse(x, QuantCompare.dequantize(device, source.info(), type, ours));
        double llama = QuantCompare.rmse(x, QuantCompare.dequantize(device, source.info(), type, theirs));
        assertTrue(rmse <= llama * 1.05, name + ": RMSE " + rmse + " vs llama.cpp's " + llama);
    }

    @Test
    void nearestIntRoundsHalfToEvenLikeGgml() {
        assertEquals(2, KQuantSearch.nearestInt(2.5f));
        assertEquals(4, KQuantSearch.nearestInt(3.5f));
        assertEquals(-2, KQuantSearch.nearestInt(-2.5f));
        assertEquals(-3, KQuantSearch.nearestInt(-2.6f));
        assertEquals(0, KQuantSearch.nearestInt(-0.4f));
    }

    @Test
    void roundfRoundsHalfAwayFromZero() {
        assertEquals(3, Q8_0Quantizer.roundHalfAway(2.5f));
        assertEquals(-3, Q8_0Quantizer.roundHalfAway(-2.5f));
        assertEquals(0, Q8_0Quantizer.roundHalfAway(0.49999997f));
        assertEquals(127, Q8_0Quantizer.roundHalfAway(127f));
    }

    @Test
    void allZeroBlocksEncodeToZeroScales() {
        for (TensorType type : List.of(TensorType.Q4_0, TensorType.Q4_1, TensorType.Q5_0, TensorType.Q5_1, TensorType.Q8_0,
                TensorType.Q2_K, TensorType.Q3_K, TensorType.Q4_K, TensorType.Q5_K, TensorType.Q6_K)) {
            float[] zeros = new float[256];
            byte[] q = QuantCompare.quantize(type, zeros);
            float[] back = QuantCompare.dequantize(device, new TensorInfo("z", type, new long[] {256}, 0, q.length), type, q);
            for (float v : back) {
                assertEquals(0f, v, 0f, type.toString());
            }
        }
    }

    @Test
    void bf16RoundsToNearestEvenAndKeepsNaN() {
        assertEquals((short) 0x3f80, LittleEndian.toBf16(1.0f));
        assertEquals((short) 0x3f80, LittleEndian.toBf16(Float.intBitsToFloat(0x3f808000))); // tie to even (down)
        assertEquals((short) 0x3f82, LittleEndian.toBf16(Float.intBitsToFloat(0x3f818000))); // tie to even (up)
        assertTrue(Float.isNaN(Float.intBitsToFloat(LittleEndian.toBf16(Float.NaN) << 16)));
    }

    @Test
    void unsupportedTypesAreRefused() {
        RealizarException e = assertThrows(RealizarException.class, () -> Quantizers.of(TensorType.IQ2_XXS));
        assertTrue(e.getMessage().contains("IQ2_XXS"), e.getMessage());
    }

}
