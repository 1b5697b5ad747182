package realizar.backend.simd;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import realizar.api.backend.ComputeDevice;
import realizar.api.backend.DeviceOptions;
import realizar.api.backend.Weights;
import realizar.api.format.Tensor;
import realizar.api.format.TensorType;

/**
 * The float32 panel layout ({@link F32Panels}) against a double-precision product: row counts that are not whole
 * panels (37, 100), thread counts whose row chunks split panels (3 threads over 64 rows: 22 + 22 + 20), token counts
 * around the 4-token tile (1, 3, 4, 7, 17), and results that do not depend on the thread count.
 */
final class TestF32Panels {
    @Test
    void panelProductsMatchDoublePrecisionForEveryShape() {
        Assumptions.assumeTrue(Simd.available(), "needs 256-bit vectors");
        Random rng = new Random(42);
        try (Arena arena = Arena.ofShared();             // the worker threads read it
             WorkerPool one = new WorkerPool(1);
             WorkerPool three = new WorkerPool(3);
             ComputeDevice device1 = new SimdComputeBackend().open(new DeviceOptions(1, 0));
             ComputeDevice device3 = new SimdComputeBackend().open(new DeviceOptions(3, 0))) {
            for (int rows : new int[] {1, 37, 64, 100}) {
                for (int cols : new int[] {8, 48, 384}) {
                    float[] w = gaussians(rows * cols, rng);
                    MemorySegment data = arena.allocate((long) rows * cols * Float.BYTES, 64);
                    MemorySegment.copy(w, 0, data, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, w.length);
                    Tensor tensor = Fixtures.tensor("w", TensorType.F32, cols, rows, data);
                    Weights panels1 = F32Panels.weights(tensor, one, arena);
                    Weights panels3 = F32Panels.weights(tensor, three, arena);
                    for (int n : new int[] {1, 3, 4, 7, 17}) {
                        float[] x = gaussians(n * cols, rng);
                        float[] y1 = new float[n * rows];
                        float[] y3 = new float[n * rows];
                        device1.matmul(panels1, x, y1, n);
                        device3.matmul(panels3, x, y3, n);
                        String what = rows + " x " + cols + " times " + n + " tokens";
                        assertClose(w, x, y3, rows, cols, n, what);
                        Fixtures.assertBitwiseEqual(y1, y3, what + ", 1 vs 3 threads");
                    }
                }
            }
        }
    }

    @Test
    void onlyFloat32MatricesAreServedFromPanels() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment f16 = arena.allocate(2 * 32 * 2);
            assertTrue(!F32Panels.supports(Fixtures.tensor("h", TensorType.F16, 32, 2, f16)));
            MemorySegment f32 = arena.allocate(4 * 32 * 2);
            assertTrue(F32Panels.supports(Fixtures.tensor("f", TensorType.F32, 32, 2, f32)) == Simd.available());
            assertSame(ActivationFormat.F32, F32Panels.KERNEL.activationFormat());
        }
    }

    private static float[] gaussians(int count, Random rng) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }

    /**
     * Each output is a float sum of {@code cols} products: its rounding error is below cols · 2^-24 · Σ|w·x| (the
     * standard bound for recursive summation with fused multiply-adds), plus slack for the reference's own rounding.
     */
    private static void assertClose(float[] w, float[] x, float[] y, int rows, int cols, int n, String what) {
        for (int t = 0; t < n; t++) {
            for (int r = 0; r < rows; r++) {
                double exact = 0;
                double magnitude = 0;
                for (int c = 0; c < cols; c++) {
                    double p = (double) w[r * cols + c] * x[t * cols + c];
                    exact += p;
                    magnitude += Math.abs(p);
                }
                double bound = (cols + 2) * 0x1p-24 * magnitude + 1e-30;
                if (Math.abs(y[t * rows + r] - exact) > bound) {
                    fail(what + ": token " + t + ", row " + r + ": " + y[t * rows + r] + " vs " + exact + " (bound " + bound + ")");
                }
            }
        }
    }
}
