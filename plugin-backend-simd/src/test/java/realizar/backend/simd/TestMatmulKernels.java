package realizar.backend.simd;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import realizar.api.backend.ComputeDevice;
import realizar.api.backend.DeviceOptions;
import realizar.api.backend.Op;
import realizar.api.backend.Weights;
import realizar.api.format.TensorType;

/**
 * Differential tests of every matmul kernel against the scalar references, on random weights of several shapes:
 * rows not a multiple of the thread count, n = 1 (decode) and n &gt; 1 (prefill), rows of one to sixteen super-blocks.
 */
final class TestMatmulKernels {
    static final List<TensorType> TYPES = List.of(TensorType.F32, TensorType.F16, TensorType.BF16, TensorType.Q4_0,
            TensorType.Q4_1, TensorType.Q5_0, TensorType.Q5_1, TensorType.Q8_0, TensorType.Q2_K, TensorType.Q3_K,
            TensorType.Q4_K, TensorType.Q5_K, TensorType.Q6_K);
    static final int[] ROWS = {1, 7, 37};
    static final int[] COLS = {256, 512, 4096};
    static final int[] NS = {1, 3, 17};

    /**
     * F32, F16 and BF16 rows whose length is no multiple of the vector width, through the prefill tiles (their scalar
     * tails), leftover activation rows and leftover weight rows; against the scalar reference with the bound below.
     */
    @Test
    void floatTilesHandleTailsAndLeftovers() {
        Random rng = new Random(7);
        int rows = 11;
        int cols = 37;
        int n = 6;
        try (Arena arena = Arena.ofShared(); ComputeDevice device = new SimdComputeBackend().open(new DeviceOptions(2, 0))) {
            for (TensorType type : List.of(TensorType.F32, TensorType.F16, TensorType.BF16)) {
                MemorySegment w = Fixtures.segment(RandomWeights.of(type, rows, cols, rng), arena);
                Weights weights = device.weights(Fixtures.tensor("w", type, cols, rows, w));
                float[] x = RandomWeights.activations(n, cols, rng);
                float[] fused = new float[n * rows];
                device.matmul(weights, x, fused, n);
                MatmulKernel scalar = ScalarQuantizedKernels.of(type);
                Activations a = new Activations();
                a.convert(scalar.activationFormat(), x, n, cols);
                float[] expected = new float[n * rows];
                scalar.multiply(w, rows, cols, a, expected, 0, rows);
                compare(type + " " + rows + "x" + cols + " n=" + n, expected, fused, magnitudes(type, w, rows, cols, x, n),
                        2 * (cols / 32 + 16) * 4 * 0x1p-24, 0f);
            }
        }
    }

    /**
     * The device's fused kernel (3 threads, so row ranges split unevenly) against {@link ScalarQuantizedKernels} on the
     * same converted activations. Both compute the same exact integer sum per block; only the float accumulation
     * order differs (vector lanes, offsets folded through Σa). Each of the ≤ cols/32 + 16 float additions rounds by at
     * most 2^-24 of a partial sum bounded by Σ|w|·|x| (the offset trick can make partial sums up to ~4× larger than
     * the final magnitudes: 8 or 16 of a 4/5-bit range), so |Δ| ≤ (cols/32 + 16)·4·2^-24·Σ|w·x|; checked with 2×
     * margin. A wrong nibble or scale errs by O(|w·x|), orders of magnitude above this.
     */
    @Test
    void fusedKernelsAgreeWithTheScalarIntegerReference() {
        Random rng = new Random(20261126);
        try (Arena arena = Arena.ofShared(); ComputeDevice device = new SimdComputeBackend().open(new DeviceOptions(3, 0))) {
            for (TensorType type : TYPES) {
                assertTrue(device.supports(Op.MATMUL, type), type + " matmul support");
                MatmulKernel scalar = ScalarQuantizedKernels.of(type);
                for (int rows : ROWS) {
                    for (int cols : COLS) {
                        MemorySegment w = Fixtures.segment(RandomWeights.of(type, rows, cols, rng), arena);
                        Weights weights = device.weights(Fixtures.tensor("w", type, cols, rows, w));
                        for (int n : NS) {
                            float[] x = RandomWeights.activations(n, cols, rng);
                            Activations a = new Activations();
                            a.convert(scalar.activationFormat(), x, n, cols);
                            float[] expected = new float[n * rows];
                            scalar.multiply(w, rows, cols, a, expected, 0, rows);
                            float[] magnitude = magnitudes(type, w, rows, cols, x, n);
                            double bound = 2 * (cols / 32 + 16) * 4 * 0x1p-24;
                            // Through the device where it uses the fused kernel; larger n goes through the float
                            // tiles instead (TestDequantizedPrefill), and the direct call below keeps the fused one tested.
                            if (!DequantizedPrefill.serves(type, n)) {
                                float[] fused = new float[n * rows];
                                device.matmul(weights, x, fused, n);
                                compare(type + " " + rows + "x" + cols + " n=" + n, expected, fused, magnitude, bound, 0f);
                            }
                            // The kernel over the mapping itself too, where the device serves a repacked copy (Repacker).
                            float[] direct = new float[n * rows];
                            Kernels.matmul(type).multiply(w, rows, cols, a, direct, 0, rows);
                            compare(type + " mapped " + rows + "x" + cols + " n=" + n, expected, direct, magnitude, bound, 0f);
                        }
                    }
                }
            }
        }
    }

    /**
     * Both widths of the kernels that have a 512-bit body — the device serves one of them ({@link Simd#WIDE}) — against
     * the scalar integer reference, with {@link #fusedKernelsAgreeWithTheScalarIntegerReference}'s bound: the repacked
     * Q6_K (over its copy) and Q8_0 (over the mapping). Without AVX-512 the 512-bit bodies are not intrinsified: slow,
     * but they must still be right.
     */
    @Test
    void bothWidthsOfTheWideKernelsAgreeWithTheScalarReference() {
        Q6KRepacked q6 = new Q6KRepacked();
        bothWidths(TensorType.Q6_K, q6, Q6KRepacked.narrowKernel(), Q6KRepacked.wideKernel(), new Random(6));
        bothWidths(TensorType.Q8_0, null, VectorLegacyKernels.q8_0Narrow(), VectorLegacyKernels.q8_0Wide(), new Random(8));
    }

    private static void bothWidths(TensorType type, Repacker repacker, MatmulKernel narrow, MatmulKernel wide, Random rng) {
        MatmulKernel scalar = ScalarQuantizedKernels.of(type);
        int rows = 7;
        try (Arena arena = Arena.ofConfined()) {
            for (int cols : COLS) {
                MemorySegment w = Fixtures.segment(RandomWeights.of(type, rows, cols, rng), arena);
                MemorySegment served = w;
                if (repacker != null) {
                    served = arena.allocate(repacker.bytes(rows, cols), 64);
                    repacker.repack(w, served, cols, 0, rows);
                }
                for (int n : NS) {
                    float[] x = RandomWeights.activations(n, cols, rng);
                    Activations a = new Activations();
                    a.convert(scalar.activationFormat(), x, n, cols);
                    float[] expected = new float[n * rows];
                    scalar.multiply(w, rows, cols, a, expected, 0, rows);
                    float[] magnitude = magnitudes(type, w, rows, cols, x, n);
                    double bound = 2 * (cols / 32 + 16) * 4 * 0x1p-24;
                    for (MatmulKernel kernel : List.of(narrow, wide)) {
                        float[] got = new float[n * rows];
                        kernel.multiply(served, rows, cols, a, got, 0, rows);
                        compare(type + (kernel == wide ? " 512-bit " : " 256-bit ") + cols + " n=" + n, expected, got, magnitude, bound, 0f);
                    }
                }
            }
        }
    }

    /**
     * The scalar integer reference against dequantize-then-float with the unconverted activations: they differ by the
     * activation rounding only. Per element, Q8_0/Q8_1 quants are off by at most d/2 plus the f16 rounding of d
     * (|q|·|d - f16(d)| ≤ 127·d·2^-11 = 0.062·d), Q8_K by d/2 (f32 d), F16 by 2^-11·|x|, BF16 by 2^-8·|x|; so
     * |Δ| ≤ Σ_c |w_c|·err_c, plus float rounding (1e-5·Σ|w·x|). This proves the kernels multiply the right elements
     * with the right values, not just that two of our implementations agree.
     */
    @Test
    void scalarIntegerReferenceMatchesFloatMathWithinTheActivationRounding() {
        Random rng = new Random(7);
        try (Arena arena = Arena.ofConfined()) {
            for (TensorType type : TYPES) {
                MatmulKernel scalar = ScalarQuantizedKernels.of(type);
                MatmulKernel floats = new ScalarDequantizeKernel(Kernels.dequantizer(type));
                int rows = 5;
                int cols = 512;
                int n = 3;
                MemorySegment w = Fixtures.segment(RandomWeights.of(type, rows, cols, rng), arena);
                float[] x = RandomWeights.activations(n, cols, rng);
                Activations a = new Activations();
                a.convert(scalar.activationFormat(), x, n, cols);
                float[] quantized = new float[n * rows];
                scalar.multiply(w, rows, cols, a, quantized, 0, rows);
                Activations plain = new Activations();
                plain.convert(ActivationFormat.F32, x, n, cols);
                float[] exact = new float[n * rows];
                floats.multiply(w, rows, cols, plain, exact, 0, rows);
                float[] deq = new float[rows * cols];
                Kernels.dequantizer(type).dequantize(w, 0, deq, 0, deq.length);
                for (int t = 0; t < n; t++) {
                    for (int r = 0; r < rows; r++) {
                        double bound = 0;
                        double mag = 0;
                        for (int c = 0; c < cols; c++) {
                            double wc = Math.abs(deq[r * cols + c]);
                            bound += wc * activationError(scalar.activationFormat(), a, x, t, cols, c);
                            mag += wc * Math.abs(x[t * cols + c]);
                        }
                        double diff = Math.abs(quantized[t * rows + r] - exact[t * rows + r]);
                        if (diff > bound + 1e-5 * mag) {
                            fail(type + " row " + r + " t " + t + ": |" + quantized[t * rows + r] + " - " + exact[t * rows + r]
                                    + "| = " + diff + " > activation rounding bound " + bound);
                        }
                    }
                }
            }
        }
    }

    @Test
    void fusedKernelsAreTheVectorOnesWhereVectorsAre256BitsWide() {
        assumeTrue(Simd.available(), "SKIPPED: this CPU has no 256-bit vectors; the scalar kernels serve");
        assertSame(VectorLegacyKernels.class, Kernels.matmul(TensorType.Q4_0).getClass().getEnclosingClass());
        assertSame(VectorKQuantKernels2.class, Kernels.matmul(TensorType.Q6_K).getClass().getEnclosingClass());
        assertSame(VectorHalfKernels.class, Kernels.matmul(TensorType.F16).getClass().getEnclosingClass());
    }

    private static double activationError(ActivationFormat f, Activations a, float[] x, int t, int cols, int c) {
        float xv = x[t * cols + c];
        return switch (f) {
            case F32 -> 0;
            case F16 -> Math.abs(xv) * 0x1p-11;
            case BF16 -> Math.abs(xv) * 0x1p-8;
            case Q8_0, Q8_1, Q8_0_X8 -> a.d[(t * cols + c) / 32] * (0.5 + 127 * 0x1p-11) * 1.001;
            case Q8_K, Q8_K_X8, Q8_K_Q6 -> Math.abs(a.d[(t * cols + c) / 256]) * 0.5 * 1.001;
        };
    }

    /** Σ_c |w_c·x_c| per output, from the dequantized weights. */
    static float[] magnitudes(TensorType type, MemorySegment w, int rows, int cols, float[] x, int n) {
        float[] deq = new float[rows * cols];
        Kernels.dequantizer(type).dequantize(w, 0, deq, 0, deq.length);
        float[] m = new float[n * rows];
        for (int t = 0; t < n; t++) {
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int c = 0; c < cols; c++) {
                    s += Math.abs(deq[r * cols + c] * x[t * cols + c]);
                }
                m[t * rows + r] = (float) s;
            }
        }
        return m;
    }

    static void compare(String what, float[] expected, float[] actual, float[] magnitude, double relBound, float abs) {
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(expected[i] - actual[i]);
            if (!(diff <= relBound * magnitude[i] + abs)) {
                fail(what + ": output " + i + " expected " + expected[i] + " but was " + actual[i] + " (|Δ| " + diff
                        + ", bound " + (relBound * magnitude[i] + abs) + ")");
            }
        }
    }
}
