package realizar.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import realizar.api.backend.DeviceOptions;
import realizar.api.backend.Op;
import realizar.api.format.Tensor;
import realizar.api.format.TensorType;

/**
 * Dequantization is bitwise equal to ggml's on the vendored slices (first 32 rows of two tensors per type, taken from
 * the llama.cpp reference fixtures; see src/test/resources/quant/README.md), through the public device API.
 */
final class TestDequantizeVendored {
    @Test
    void everyVendoredTensorDequantizesBitExactly() {
        JsonNode entries = Fixtures.json(Fixtures.resource("vendored.json")).get("entries");
        Set<TensorType> seen = EnumSet.noneOf(TensorType.class);
        try (Arena arena = Arena.ofConfined(); var device = new SimdComputeBackend().open(new DeviceOptions(1, 0))) {
            for (JsonNode e : entries) {
                TensorType type = TensorType.valueOf(e.get("ggml_type").asText());
                long cols = e.get("ne").get(0).asLong();
                long rows = e.get("ne").get(1).asLong();
                Tensor t = Fixtures.tensor(e.get("tensor").asText(), type, cols, rows,
                        Fixtures.segment(Fixtures.resource(e.get("raw").asText()), arena));
                float[] expected = Fixtures.floats(Fixtures.resource(e.get("reference").asText()));
                assertTrue(device.supports(Op.DEQUANTIZE, type), type + " dequantize support");
                float[] actual = new float[expected.length];
                device.dequantize(t, 0, actual, 0, actual.length);
                Fixtures.assertBitwiseEqual(expected, actual, e.get("model").asText() + " " + t.name());
                seen.add(type);
            }
        }
        assertEquals(EnumSet.of(TensorType.F32, TensorType.F16, TensorType.BF16, TensorType.Q4_0, TensorType.Q4_1,
                TensorType.Q5_0, TensorType.Q5_1, TensorType.Q8_0, TensorType.Q2_K, TensorType.Q3_K, TensorType.Q4_K,
                TensorType.Q5_K, TensorType.Q6_K), seen);
    }

    @Test
    void aRangeInsideTheTensorDecodesTheSameValuesAsTheWhole() {
        JsonNode e = Fixtures.json(Fixtures.resource("vendored.json")).get("entries").get(20);
        TensorType type = TensorType.valueOf(e.get("ggml_type").asText());
        try (Arena arena = Arena.ofConfined(); var device = new SimdComputeBackend().open(new DeviceOptions(1, 0))) {
            long cols = e.get("ne").get(0).asLong();
            Tensor t = Fixtures.tensor("t", type, cols, e.get("ne").get(1).asLong(),
                    Fixtures.segment(Fixtures.resource(e.get("raw").asText()), arena));
            float[] expected = Fixtures.floats(Fixtures.resource(e.get("reference").asText()));
            int first = (int) (3 * cols);
            float[] part = new float[(int) cols + 5];
            device.dequantize(t, first, part, 5, (int) cols);
            for (int i = 0; i < cols; i++) {
                assertEquals(Float.floatToRawIntBits(expected[first + i]), Float.floatToRawIntBits(part[5 + i]), "element " + i);
            }
        }
    }
}
