package realizar.backend.simd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;

import realizar.api.format.TensorType;

/**
 * Q4_K decode from DRAM: per kernel (mapped, {@link Q4KRepacked}, {@link Q4KGrouped}), round-robin over
 * copies of a 4096 × 4096 matrix (optionally over {@code threads} threads, even row ranges) totalling ≥ {@code mb} MB, so no call finds its weights in cache; best and median of
 * {@code calls} calls, kernels alternating call by call. Not a test (surefire skips it); run with
 * {@code java --add-modules jdk.incubator.vector -cp ... realizar.backend.simd.BenchmarkQ4KStream [calls mb threads]}.
 */
final class BenchmarkQ4KStream {
    private BenchmarkQ4KStream() {
    }

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        long streamBytes = (args.length > 1 ? Long.parseLong(args[1]) : 256) << 20;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int rows = 4096;
        int cols = 4096;
        Random rng = new Random(7);
        try (Arena arena = Arena.ofShared();
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            MemorySegment file = Fixtures.segment(RandomWeights.of(TensorType.Q4_K, rows, cols, rng), arena);
            Repacker[] repackers = {null, new Q4KRepacked(Simd.WIDE), new Q4KGrouped()};
            String[] names = {"mapped", "Q4KRepacked", "Q4KGrouped"};
            MemorySegment[][] copies = new MemorySegment[3][];
            for (int k = 0; k < 3; k++) {
                long size = repackers[k] == null ? file.byteSize() : repackers[k].bytes(rows, cols);
                copies[k] = new MemorySegment[(int) ((streamBytes + size - 1) / size)];
                for (int i = 0; i < copies[k].length; i++) {
                    MemorySegment c = arena.allocate(size, 64);
                    if (repackers[k] == null) {
                        c.copyFrom(file);
                    } else {
                        repackers[k].repack(file, c, cols, 0, rows);
                    }
                    copies[k][i] = c;
                }
            }
            float[] x = RandomWeights.activations(1, cols, rng);
            Activations plain = new Activations();
            plain.convert(ActivationFormat.Q8_K, x, 1, cols);
            Activations grouped = new Activations();
            grouped.convert(ActivationFormat.Q8_K_X8, x, 1, cols);
            MatmulKernel[] kernels = {Kernels.matmul(TensorType.Q4_K), repackers[1].kernel(), repackers[2].kernel()};
            Activations[] acts = {plain, plain, grouped};
            float[] y = new float[rows];
            long[][] took = new long[3][calls];
            for (int i = 0; i < calls; i++) {
                for (int k = 0; k < 3; k++) {
                    long t0 = System.nanoTime();
                    MemorySegment w = copies[k][i % copies[k].length];
                    MatmulKernel kernel = kernels[k];
                    Activations a = acts[k];
                    if (threads == 1) {
                        kernel.multiply(w, rows, cols, a, y, 0, rows);
                    } else {
                        // Even row ranges, as the device splits them; Future.get for the barrier.
                        var parts = new java.util.ArrayList<java.util.concurrent.Future<?>>();
                        for (int p = 0; p < threads; p++) {
                            int from = rows * p / threads;
                            int to = rows * (p + 1) / threads;
                            parts.add(pool.submit(() -> kernel.multiply(w, rows, cols, a, y, from, to)));
                        }
                        for (var part : parts) {
                            try {
                                part.get();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }
                    took[k][i] = System.nanoTime() - t0;
                }
            }
            long fileBytes = file.byteSize();
            for (int k = 0; k < 3; k++) {
                long[] sorted = took[k].clone();
                Arrays.sort(sorted);
                System.out.printf("Q4_K %dx%d from DRAM, %d threads, %s (%d copies of %d bytes), %d calls: best %.1f us, median %.1f us "
                        + "(%.1f GB/s of file bytes, %.1f GB/s of copy bytes)%n", rows, cols, threads, names[k], copies[k].length,
                        copies[k][0].byteSize(), calls, sorted[0] / 1e3, sorted[calls / 2] / 1e3, fileBytes / (double) sorted[calls / 2],
                        copies[k][0].byteSize() / (double) sorted[calls / 2]);
            }
        }
    }
}
