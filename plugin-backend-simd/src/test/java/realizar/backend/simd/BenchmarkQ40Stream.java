package realizar.backend.simd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import realizar.api.backend.ComputeDevice;
import realizar.api.backend.DeviceOptions;
import realizar.api.backend.Weights;
import realizar.api.format.TensorType;

/**
 * Q4_0 decode through the device from DRAM: round-robin over copies of a {@code rows × cols} matrix totalling ≥ 256 MB
 * (as {@code bench.BenchmarkMatmul}; the third argument changes the total, in MB), best and median of many calls, GB/s counted on the file's 18 bytes per 32
 * weights. {@code -Drealizar.simd.repack=false} measures the mapped kernel. Not a test (surefire skips it).
 */
final class BenchmarkQ40Stream {
    private BenchmarkQ40Stream() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        long streamBytes = (args.length > 2 ? Long.parseLong(args[2]) : 256) << 20;
        int rows = 4096;
        int cols = 4096;
        long bytes = TensorType.Q4_0.bytesFor((long) rows * cols);
        Random rng = new Random(5);
        try (Arena arena = Arena.ofShared(); ComputeDevice device = new SimdComputeBackend().open(new DeviceOptions(threads, 0))) {
            byte[] data = RandomWeights.of(TensorType.Q4_0, rows, cols, rng);
            List<Weights> copies = new ArrayList<>();
            long loadNs = 0;
            for (long total = 0; total < streamBytes; total += bytes) {
                MemorySegment w = Fixtures.segment(data, arena);
                long t0 = System.nanoTime();
                copies.add(device.weights(Fixtures.tensor("w" + copies.size(), TensorType.Q4_0, cols, rows, w)));
                loadNs += System.nanoTime() - t0;
            }
            double loadMs = loadNs / 1e6;
            float[] x = RandomWeights.activations(1, cols, rng);
            float[] y = new float[rows];
            long[] times = new long[calls];
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < calls; i++) {
                    long a = System.nanoTime();
                    device.matmul(copies.get(i % copies.size()), x, y, 1);
                    times[i] = System.nanoTime() - a;
                }
                long[] sorted = times.clone();
                Arrays.sort(sorted);
                System.out.printf("Q4_0 %dx%d decode, %d threads, %d copies, %d calls: best %.1f us (%.1f GB/s), median %.1f us (%.1f GB/s); weights() of all copies %.0f ms%n",
                        rows, cols, threads, copies.size(), calls, sorted[0] / 1e3, bytes / (double) sorted[0],
                        sorted[calls / 2] / 1e3, bytes / (double) sorted[calls / 2], loadMs);
            }
        }
    }
}
