package realizar.backend.simd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import realizar.api.format.TensorType;

/**
 * Q6_K decode from DRAM: {@link Q6KRepacked} (int8 copy) against {@link Q6KDense} (the file's density), each round-robin
 * over copies of a {@code rows × cols} matrix totalling ≥ {@code mb} MB so no call finds its weights in cache, on
 * {@code threads} threads (even row ranges, as the device splits them); best and median of {@code calls} calls, the
 * two kernels alternating call by call. Each call includes its activation conversion (single-threaded, as in
 * {@link SimdDevice#matmul}). Not a test (surefire skips it); run with
 * {@code java --add-modules jdk.incubator.vector -cp ... realizar.backend.simd.BenchmarkQ6KStream [calls mb threads rows cols]}.
 * (System.out is fine here: a command-line tool in test code.)
 */
final class BenchmarkQ6KStream {
    private BenchmarkQ6KStream() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        long streamBytes = (args.length > 1 ? Long.parseLong(args[1]) : 256) << 20;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int rows = args.length > 3 ? Integer.parseInt(args[3]) : 4096;
        int cols = args.length > 4 ? Integer.parseInt(args[4]) : 4096;
        Random rng = new Random(7);
        try (Arena arena = Arena.ofShared(); ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            MemorySegment file = Fixtures.segment(RandomWeights.of(TensorType.Q6_K, rows, cols, rng), arena);
            Repacker[] repackers = {new Q6KRepacked(), new Q6KDense()};
            MemorySegment[][] copies = new MemorySegment[2][];
            for (int k = 0; k < 2; k++) {
                long size = repackers[k].bytes(rows, cols);
                copies[k] = new MemorySegment[(int) ((streamBytes + size - 1) / size)];
                for (int i = 0; i < copies[k].length; i++) {
                    copies[k][i] = arena.allocate(size, 64);
                    repackers[k].repack(file, copies[k][i], cols, 0, rows);
                }
            }
            float[] x = RandomWeights.activations(1, cols, rng);
            Activations[] acts = {new Activations(), new Activations()};
            float[] y = new float[rows];
            long[][] took = new long[2][calls];
            long[] convert = {Long.MAX_VALUE, Long.MAX_VALUE};
            for (int i = 0; i < calls; i++) {
                for (int k = 0; k < 2; k++) {
                    MatmulKernel kernel = repackers[k].kernel();
                    MemorySegment w = copies[k][i % copies[k].length];
                    Activations a = acts[k];
                    long t0 = System.nanoTime();
                    a.convert(kernel.activationFormat(), x, 1, cols);
                    convert[k] = Math.min(convert[k], System.nanoTime() - t0);
                    List<Future<?>> parts = new ArrayList<>();
                    for (int p = 0; p < threads; p++) {
                        int from = rows * p / threads;
                        int to = rows * (p + 1) / threads;
                        parts.add(pool.submit(() -> kernel.multiply(w, rows, cols, a, y, from, to)));
                    }
                    for (Future<?> part : parts) {
                        part.get();
                    }
                    took[k][i] = System.nanoTime() - t0;
                }
            }
            long fileBytes = file.byteSize();
            for (int k = 0; k < 2; k++) {
                long[] sorted = took[k].clone();
                Arrays.sort(sorted);
                System.out.printf(Locale.ROOT, "Q6_K %dx%d from DRAM, %d threads, %s (%d copies of %d bytes), %d calls: best %.1f us, "
                        + "median %.1f us (%.1f GB/s of file bytes, %.1f GB/s of copy bytes, best); activation conversion best %.1f us%n", rows, cols, threads,
                        repackers[k].getClass().getSimpleName(), copies[k].length, copies[k][0].byteSize(), calls, sorted[0] / 1e3,
                        sorted[calls / 2] / 1e3, fileBytes / (double) sorted[0], copies[k][0].byteSize() / (double) sorted[0],
                        convert[k] / 1e3);
            }
        }
    }
}
