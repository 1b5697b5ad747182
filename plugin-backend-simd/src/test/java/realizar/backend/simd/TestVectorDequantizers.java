package realizar.backend.simd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import realizar.api.format.TensorType;

/**
 * The vector decoders of the dequantized prefill are bitwise equal to ggml's dequantization: on the vendored slices
 * (llama.cpp's own output), and to the scalar decoders on random bytes, every f16 scale included (NaN, infinities,
 * subnormals, ±0), so every quant and scale pattern is covered, not only those llama-quantize writes. On random bytes
 * a NaN matches any NaN: where both operands of {@code q·d + m} are NaN, which payload survives depends on the operand
 * order, and C2 may commute an add; every other value, signed zeros included, must match bit for bit.
 */
final class TestVectorDequantizers {
    @Test
    void vendoredTensorsDecodeBitExactly() {
        JsonNode entries = Fixtures.json(Fixtures.resource("vendored.json")).get("entries");
        int checked = 0;
        try (Arena arena = Arena.ofConfined()) {
            for (JsonNode e : entries) {
                TensorType type = TensorType.valueOf(e.get("ggml_type").asText());
                MemorySegment raw = Fixtures.segment(Fixtures.resource(e.get("raw").asText()), arena);
                float[] expected = Fixtures.floats(Fixtures.resource(e.get("reference").asText()));
                float[] actual = new float[expected.length];
                VectorDequantizers.of(type).dequantize(raw, 0, actual, 0, actual.length);
                Fixtures.assertBitwiseEqual(expected, actual, e.get("model").asText() + " " + e.get("tensor").asText());
                checked++;
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(checked >= 26, "vendored entries: " + checked);
    }

    @Test
    void randomBytesDecodeAsTheScalarDecoders() {
        Random rng = new Random(5);
        try (Arena arena = Arena.ofConfined()) {
            for (TensorType type : TestMatmulKernels.TYPES) {
                int count = 64 * 256; // whole blocks of every type (F16/BF16/F32: 1; legacy: 32; K: 256)
                byte[] bytes = new byte[(int) type.bytesFor(count)];
                rng.nextBytes(bytes);
                MemorySegment w = Fixtures.segment(bytes, arena);
                float[] expected = new float[count + 3];
                float[] actual = new float[count + 3];
                // An offset range, as the prefill decodes one panel of rows at a time.
                int first = 2 * 256;
                Kernels.dequantizer(type).dequantize(w, first, expected, 3, count - first);
                VectorDequantizers.of(type).dequantize(w, first, actual, 3, count - first);
                for (int i = 0; i < expected.length; i++) {
                    boolean same = Float.floatToRawIntBits(expected[i]) == Float.floatToRawIntBits(actual[i])
                            || Float.isNaN(expected[i]) && Float.isNaN(actual[i]);
                    org.junit.jupiter.api.Assertions.assertTrue(same, type + " random bytes: element " + i + " expected "
                            + expected[i] + " but was " + actual[i]);
                }
            }
        }
    }
}
