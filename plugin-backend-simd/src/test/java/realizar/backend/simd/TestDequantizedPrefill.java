package realizar.backend.simd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

import org.junit.jupiter.api.Test;

import realizar.api.backend.ComputeDevice;
import realizar.api.backend.DeviceOptions;
import realizar.api.backend.Weights;
import realizar.api.format.TensorType;

/**
 * The dequantized-tile prefill ({@link DequantizedPrefill}) against the plainest reference, {@link
 * ScalarDequantizeKernel} (bit-exact dequantization, then a sequential float dot with the same activations: unconverted
 * for F32, rounded as ggml rounds them for the other types — to F16/BF16, or to the values of their int8 quants), on
 * random weights of every type.
 *
 * <p>Tolerance: both sides form Σ_c w_c·x_c over the same float32 values in float32, in different orders. The
 * reference rounds each product and each of the {@code cols} additions; the tile accumulates each (row, token) in one
 * vector lane with {@code cols} fused multiply-adds, one rounding each. Each is within γ_cols·Σ|w·x| of the exact sum
 * (γ_m = m·2^-24 / (1 - m·2^-24), Higham 3.1), so |Δ| ≤ 2·γ_cols·Σ|w·x|; checked as 2.01·cols·2^-24·Σ|w·x|
 * (cols ≤ 4096 keeps γ within 0.03 % of m·2^-24). A wrong weight, token or row errs by a whole term |w·x|, which at
 * cols = 256 is ~Σ|w·x|/256, 130× the bound (at 4096 comparable to it, which is why the narrow rows are here too).
 */
final class TestDequantizedPrefill {
    /**
     * Rows: fewer than a panel, and not a multiple of it on 3 threads (uneven chunks). n: a half tile alone, one full
     * tile, a tile plus a 1-token half tile, two tiles plus an 8-token half tile.
     */
    private static final int[] ROWS = {5, 37};
    private static final int[] COLS = {256, 512, 4096};
    private static final int[] NS = {5, 16, 17, 40};

    @Test
    void tilesAgreeWithTheScalarDequantizeReferenceForEveryType() {
        Random rng = new Random(20261126);
        try (Arena arena = Arena.ofShared(); WorkerPool pool = new WorkerPool(3)) {
            for (TensorType type : TestMatmulKernels.TYPES) {
                for (int rows : ROWS) {
                    for (int cols : COLS) {
                        MemorySegment data = Fixtures.segment(RandomWeights.of(type, rows, cols, rng), arena);
                        SimdWeights w = new SimdWeights(Fixtures.tensor("w", type, cols, rows, data), Kernels.matmul(type), data);
                        for (int n : NS) {
                            String what = type + " " + rows + "x" + cols + " n=" + n;
                            float[] x = RandomWeights.activations(n, cols, rng);
                            float[] tiled = new float[n * rows];
                            new DequantizedPrefill().matmul(pool, w, x, tiled, n);
                            float[] expected = reference(type, data, rows, cols, x, n);
                            TestMatmulKernels.compare(what, expected, tiled, TestMatmulKernels.magnitudes(type, data, rows, cols, x, n),
                                    2.01 * cols * 0x1p-24, 0f);
                        }
                    }
                }
            }
        }
    }

    /**
     * Through the public device API, at each type's own threshold (so the policy really routes it here): the same
     * comparison, on a device whose Q6_K weights are the repacked copy, which the path must not read.
     */
    @Test
    void theDeviceRoutesPrefillAtTheThresholdThroughTheTiles() {
        Random rng = new Random(11);
        int rows = 19;
        int cols = 512;
        try (Arena arena = Arena.ofShared(); ComputeDevice device = new SimdComputeBackend().open(new DeviceOptions(2, 0))) {
            for (TensorType type : TestMatmulKernels.TYPES) {
                int n = DequantizedPrefill.minTokens(type);
                assertTrue(DequantizedPrefill.serves(type, n), type + " is served from n = " + n);
                assertFalse(DequantizedPrefill.serves(type, 1), type + " decode stays on the fused kernels");
                MemorySegment data = Fixtures.segment(RandomWeights.of(type, rows, cols, rng), arena);
                Weights w = device.weights(Fixtures.tensor("w", type, cols, rows, data));
                float[] x = RandomWeights.activations(n, cols, rng);
                float[] y = new float[n * rows];
                device.matmul(w, x, y, n);
                float[] expected = reference(type, data, rows, cols, x, n);
                TestMatmulKernels.compare(type + " device n=" + n, expected, y, TestMatmulKernels.magnitudes(type, data, rows, cols, x, n),
                        2.01 * cols * 0x1p-24, 0f);
            }
        }
    }

    /**
     * The reference on the activations the path multiplies, as ggml rounds them for the weight type: the caller's floats
     * for F32 weights, rounded to F16/BF16 for those, and for quantized weights the value q·d of each int8 quant as
     * {@link Activations#convert} quantizes it (the fused kernels' own activations). Without the rounding BF16 drifted
     * past llama.cpp's fixture tolerance and stories260K-Q4_0 moved from 0.015 to 0.048 of the 0.075 it allows.
     */
    private static float[] reference(TensorType type, MemorySegment data, int rows, int cols, float[] x, int n) {
        MatmulKernel reference = new ScalarDequantizeKernel(Kernels.dequantizer(type));
        ActivationFormat f = Kernels.matmul(type).activationFormat();
        float[] used = x;
        if (f == ActivationFormat.F16 || f == ActivationFormat.BF16) {
            used = new float[x.length];
            ActivationQuantizer.round(f, x, used, x.length);
        } else if (f != ActivationFormat.F32) {
            Activations q = new Activations();
            q.convert(f, x, n, cols);
            used = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                used[i] = q.q[i] * q.d[i / f.blockSize()];
            }
        }
        Activations a = new Activations();
        a.convert(ActivationFormat.F32, used, n, cols);
        float[] expected = new float[n * rows];
        reference.multiply(data, rows, cols, a, expected, 0, rows);
        return expected;
    }
}
