package realizar.backend.simd;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import realizar.api.backend.ComputeDevice;
import realizar.api.backend.DeviceOptions;
import realizar.api.backend.Weights;
import realizar.api.format.TensorType;

/**
 * The fused kernels on real llama-quantize output (the vendored slices of the reference models) against float math on
 * llama.cpp's own dequantization of the same bytes: equal up to the activation rounding that ggml also applies.
 */
final class TestMatmulOnVendoredTensors {
    @Test
    void matmulOfEveryVendoredTensorMatchesItsReferenceDequantization() {
        JsonNode entries = Fixtures.json(Fixtures.resource("vendored.json")).get("entries");
        Random rng = new Random(3);
        try (Arena arena = Arena.ofShared(); ComputeDevice device = new SimdComputeBackend().open(new DeviceOptions(2, 0))) {
            for (JsonNode e : entries) {
                TensorType type = TensorType.valueOf(e.get("ggml_type").asText());
                int cols = e.get("ne").get(0).asInt();
                int rows = e.get("ne").get(1).asInt();
                Weights w = device.weights(Fixtures.tensor("w", type, cols, rows,
                        Fixtures.segment(Fixtures.resource(e.get("raw").asText()), arena)));
                float[] ref = Fixtures.floats(Fixtures.resource(e.get("reference").asText()));
                int n = 2;
                float[] x = RandomWeights.activations(n, cols, rng);
                float[] y = new float[n * rows];
                device.matmul(w, x, y, n);
                ActivationFormat format = Kernels.matmul(type).activationFormat();
                Activations a = new Activations();
                a.convert(format, x, n, cols);
                for (int t = 0; t < n; t++) {
                    for (int r = 0; r < rows; r++) {
                        double exact = 0;
                        double bound = 0;
                        for (int c = 0; c < cols; c++) {
                            float wc = ref[r * cols + c];
                            float xc = x[t * cols + c];
                            exact += (double) wc * xc;
                            // activation rounding per element (see TestMatmulKernels), plus float accumulation
                            bound += Math.abs(wc) * (activationError(format, a, xc, t * cols + c) + 1e-5 * Math.abs(xc));
                        }
                        double diff = Math.abs(y[t * rows + r] - exact);
                        if (diff > bound) {
                            fail(e.get("model").asText() + " " + e.get("tensor").asText() + " row " + r + " t " + t
                                    + ": " + y[t * rows + r] + " vs " + exact + ", |Δ| " + diff + " > " + bound);
                        }
                    }
                }
            }
        }
    }

    private static double activationError(ActivationFormat f, Activations a, float x, int i) {
        return switch (f) {
            case F32 -> 0;
            case F16 -> Math.abs(x) * 0x1p-11;
            case BF16 -> Math.abs(x) * 0x1p-8;
            case Q8_0, Q8_1, Q8_0_X8 -> a.d[i / 32] * (0.5 + 127 * 0x1p-11) * 1.001;
            case Q8_K, Q8_K_X8, Q8_K_Q6 -> Math.abs(a.d[i / 256]) * 0.5 * 1.001;
        };
    }
}
