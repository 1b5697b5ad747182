package realizar.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import org.junit.jupiter.api.Test;

import realizar.api.backend.ComputeDevice;
import realizar.api.backend.DeviceOptions;
import realizar.api.backend.Weights;
import realizar.api.format.TensorType;

/**
 * The dense Q6_K copy ({@link Q6KDense}): that it holds the file's values (decoded from the copy's own fields, every
 * element equals ggml's dequantization to the bit), and its kernel where {@link TestMatmulKernels}' shapes do not reach:
 * odd row counts and row ranges that start and end anywhere (as the pool splits them), rows of 1 to 32 super-blocks
 * (2048 and 8192: the 1B Llama's output and FFN-down widths), n = 1–3 and the largest n the device still sends to
 * the fused kernel, longest rows first so that shorter ones meet stale activation buffers. Same reference and
 * bound as {@link TestMatmulKernels#fusedKernelsAgreeWithTheScalarIntegerReference}; saturated quants and activations
 * (the int16 lane bound) are {@link TestMatmulExtremes}', through the device that serves this copy.
 */
final class TestQ6KDense {
    private static final boolean SERVED = !"false".equals(System.getProperty("realizar.simd.repack")) && Q6KDense.ENABLED;

    @Test
    void theDeviceServesQ6_KFromTheDenseCopyUnlessTurnedOff() {
        try (Arena arena = Arena.ofShared(); ComputeDevice device = new SimdComputeBackend().open(new DeviceOptions(2, 0))) {
            int rows = 3;
            int cols = 2048;
            MemorySegment w = Fixtures.segment(RandomWeights.of(TensorType.Q6_K, rows, cols, new Random(3)), arena);
            SimdWeights weights = (SimdWeights) device.weights(Fixtures.tensor("w", TensorType.Q6_K, cols, rows, w));
            if (SERVED && Simd.available()) {
                assertSame(Kernels.repacker(TensorType.Q6_K).kernel(), weights.kernel());
                // 8 super-blocks of 212 bytes per row.
                assertEquals(rows * 8 * 212L, weights.data().byteSize());
            } else if (!Q6KDense.ENABLED) {
                assertEquals(Q6KRepacked.class, Kernels.repacker(TensorType.Q6_K).getClass());
            } else {
                assertSame(w, weights.data());
            }
        }
    }

    /** Random bytes everywhere (any f16 d, NaN and infinities included), repacked in two row ranges as the pool splits them. */
    @Test
    void theCopyHoldsTheFileValues() {
        Random rng = new Random(212);
        Q6KDense dense = new Q6KDense();
        // 2560 and 8192: rows of several chunks, the last one partial in 2560; 67 rows: a whole tile and a short one.
        for (int rows : new int[] {5, 67}) {
            for (int cols : new int[] {256, 2048, 2560, 8192}) {
                try (Arena arena = Arena.ofConfined()) {
                    byte[] bytes = new byte[rows * cols / 256 * 210];
                    rng.nextBytes(bytes);
                    MemorySegment w = Fixtures.segment(bytes, arena);
                    MemorySegment copy = arena.allocate(dense.bytes(rows, cols), 64);
                    dense.repack(w, copy, cols, 0, 2);
                    dense.repack(w, copy, cols, 2, rows);
                    float[] expected = new float[rows * cols];
                    Kernels.dequantizer(TensorType.Q6_K).dequantize(w, 0, expected, 0, expected.length);
                    for (int r = 0; r < rows; r++) {
                        for (int e = 0; e < cols; e++) {
                            float got = fromCopy(copy, r, rows, cols / 256, e);
                            assertEquals(Float.floatToIntBits(expected[r * cols + e]), Float.floatToIntBits(got),
                                    "row " + r + " element " + e + " of " + cols + ": " + expected[r * cols + e] + " vs " + got);
                        }
                    }
                }
            }
        }
    }

    /** Element e of a row, read back from the copy's fields as the class comment lays them out: d·sc·(q − 32). */
    private static float fromCopy(MemorySegment copy, int r, int rows, int blocks, int e) {
        int i = e / 256;
        int s = e % 256 / 16;
        int h = e % 2;
        int j = e % 16 / 2;
        long lane = Q6KDense.quants(r, i, rows, blocks) + 2 * (2 * s + h);
        int a = u16(copy, lane);
        int b = u16(copy, lane + 64);
        int c = u16(copy, lane + 128);
        int q = switch (j) {
            case 0 -> a & 63;
            case 1 -> a >>> 6 & 63;
            case 2 -> a >>> 12 | (c >>> 12 & 3) << 4;
            case 3 -> b & 63;
            case 4 -> b >>> 6 & 63;
            case 5 -> b >>> 12 | (c >>> 14) << 4;
            case 6 -> c & 63;
            default -> c >>> 6 & 63;
        };
        int sc = copy.get(ValueLayout.JAVA_BYTE, Q6KDense.scales(r, i, rows, blocks) + s);
        float d = copy.get(Layouts.F32, Q6KDense.scale(r, i, rows, blocks));
        return d * sc * (q - 32);
    }

    private static int u16(MemorySegment s, long at) {
        return s.get(Layouts.I16, at) & 0xFFFF;
    }

    @Test
    void oddRowsRowRangesAndSeveralActivationRowsAgreeWithTheScalarReference() {
        Random rng = new Random(6256);
        MatmulKernel scalar = ScalarQuantizedKernels.of(TensorType.Q6_K);
        MatmulKernel kernel = new Q6KDense().kernel();
        Q6KDense dense = new Q6KDense();
        try (Arena arena = Arena.ofShared(); ComputeDevice device = new SimdComputeBackend().open(new DeviceOptions(3, 0))) {
            // Longest rows first: the device reuses its activation buffers, so shorter rows meet stale contents.
            for (int cols : new int[] {8192, 2048, 768, 256}) {
                // 70: a whole tile of 64 rows and a short one (Q6KDense.TILE_ROWS), ranges splitting both.
                for (int rows : new int[] {1, 2, 5, 9, 70}) {
                    MemorySegment w = Fixtures.segment(RandomWeights.of(TensorType.Q6_K, rows, cols, rng), arena);
                    Weights weights = device.weights(Fixtures.tensor("w", TensorType.Q6_K, cols, rows, w));
                    MemorySegment copy = arena.allocate(dense.bytes(rows, cols), 64);
                    dense.repack(w, copy, cols, 0, rows);
                    for (int n : new int[] {1, 2, 3, DequantizedPrefill.minTokens(TensorType.Q6_K) - 1}) {
                        float[] x = RandomWeights.activations(n, cols, rng);
                        Activations a = new Activations();
                        a.convert(scalar.activationFormat(), x, n, cols);
                        float[] expected = new float[n * rows];
                        scalar.multiply(w, rows, cols, a, expected, 0, rows);
                        float[] magnitude = TestMatmulKernels.magnitudes(TensorType.Q6_K, w, rows, cols, x, n);
                        double bound = 2 * (cols / 32 + 16) * 4 * 0x1p-24;
                        String what = "Q6_K " + rows + "x" + cols + " n=" + n;
                        float[] served = new float[n * rows];
                        device.matmul(weights, x, served, n);
                        TestMatmulKernels.compare(what + " through the device", expected, served, magnitude, bound, 0f);
                        // The kernel itself over every split of the rows into two ranges [0, m) and [m, rows).
                        Activations regrouped = new Activations();
                        regrouped.convert(kernel.activationFormat(), x, n, cols);
                        for (int m = 0; m <= rows; m++) {
                            float[] got = new float[n * rows];
                            kernel.multiply(copy, rows, cols, regrouped, got, 0, m);
                            kernel.multiply(copy, rows, cols, regrouped, got, m, rows);
                            TestMatmulKernels.compare(what + " ranges [0," + m + ") [" + m + "," + rows + ")", expected, got,
                                    magnitude, bound, 0f);
                        }
                    }
                }
            }
        }
    }
}
