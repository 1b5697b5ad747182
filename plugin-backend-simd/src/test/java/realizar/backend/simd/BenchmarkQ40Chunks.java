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
 * A/B timing of {@link Q40Repacked} (rows of several chunks in chunk-major tiles) against {@link Q40RepackedUnchunked}
 * (the copy before chunks), in one JVM, the two kernels alternating call by call; as {@link BenchmarkQ40Chunks}
 * otherwise: {@code cache}: one copy each, one thread, best of {@code calls}; {@code dram}: round robin over copies
 * totalling ≥ {@code mb} MB per kernel, rows split evenly over {@code threads} threads, best and median. Not a test
 * (surefire skips it); run with {@code java --add-modules jdk.incubator.vector -cp ... realizar.backend.simd.BenchmarkQ40Chunks
 * cache|dram rows cols calls [threads mb]}. (System.out is fine here: a command-line tool in test code.)
 */
final class BenchmarkQ40Chunks {
    private BenchmarkQ40Chunks() {
    }

    public static void main(String[] args) throws Exception {
        TensorType type = TensorType.Q4_0;
        boolean dram = args[0].equals("dram");
        int rows = Integer.parseInt(args[1]);
        int cols = Integer.parseInt(args[2]);
        int calls = Integer.parseInt(args[3]);
        int threads = dram && args.length > 4 ? Integer.parseInt(args[4]) : 1;
        long streamBytes = dram ? (args.length > 5 ? Long.parseLong(args[5]) : 256) << 20 : 1;
        Repacker[] repackers = {new Q40RepackedUnchunked(), new Q40Repacked()};
        String[] names = {"unchunked (before)", "chunked (Q40Repacked)"};
        Random rng = new Random(11);
        try (Arena arena = Arena.ofShared(); ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            MemorySegment file = Fixtures.segment(RandomWeights.of(type, rows, cols, rng), arena);
            MemorySegment[][] copies = new MemorySegment[2][];
            for (int k = 0; k < 2; k++) {
                long size = repackers[k].bytes(rows, cols);
                copies[k] = new MemorySegment[(int) Math.max(1, (streamBytes + size - 1) / size)];
                for (int i = 0; i < copies[k].length; i++) {
                    copies[k][i] = arena.allocate(size, 64);
                    repackers[k].repack(file, copies[k][i], cols, 0, rows);
                }
            }
            if (!dram) {
                // The load-time copy, single thread, warm: best of 200 per layout, alternating.
                long[] repackNs = {Long.MAX_VALUE, Long.MAX_VALUE};
                for (int i = 0; i < 200; i++) {
                    for (int k = 0; k < 2; k++) {
                        long t0 = System.nanoTime();
                        repackers[k].repack(file, copies[k][0], cols, 0, rows);
                        repackNs[k] = Math.min(repackNs[k], System.nanoTime() - t0);
                    }
                }
                System.out.printf(Locale.ROOT, "%s %dx%d repack, best of 200: %s %.2f ms, %s %.2f ms (%.2f GB/s of file bytes)%n",
                        type, rows, cols, names[0], repackNs[0] / 1e6, names[1], repackNs[1] / 1e6,
                        file.byteSize() / (double) repackNs[1]);
            }
            float[] x = RandomWeights.activations(1, cols, rng);
            Activations a = new Activations();
            a.convert(repackers[0].kernel().activationFormat(), x, 1, cols);
            float[][] y = {new float[rows], new float[rows]};
            long[][] took = new long[2][calls];
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < calls; i++) {
                    for (int k = 0; k < 2; k++) {
                        MemorySegment w = copies[k][i % copies[k].length];
                        MatmulKernel kernel = repackers[k].kernel();
                        float[] out = y[k];
                        long t0 = System.nanoTime();
                        if (threads == 1) {
                            kernel.multiply(w, rows, cols, a, out, 0, rows);
                        } else {
                            List<Future<?>> parts = new ArrayList<>();
                            for (int p = 0; p < threads; p++) {
                                int from = rows * p / threads;
                                int to = rows * (p + 1) / threads;
                                parts.add(pool.submit(() -> kernel.multiply(w, rows, cols, a, out, from, to)));
                            }
                            for (Future<?> part : parts) {
                                part.get();
                            }
                        }
                        took[k][i] = System.nanoTime() - t0;
                    }
                }
                double diff = 0;
                for (int r = 0; r < rows; r++) {
                    diff = Math.max(diff, Math.abs(y[0][r] - y[1][r]) / Math.max(1e-30, Math.abs(y[0][r])));
                }
                System.out.printf(Locale.ROOT, "largest relative difference of the results: %.2g%n", diff);
                for (int k = 0; k < 2; k++) {
                    long[] sorted = took[k].clone();
                    Arrays.sort(sorted);
                    long copyBytes = copies[k][0].byteSize();
                    System.out.printf(Locale.ROOT, "%s %dx%d %s, %d thread(s), %s: %d copies of %d bytes, %d calls: best %.1f us "
                            + "(%.4f ns/element, %.1f GB/s of copy bytes), median %.1f us (%.1f GB/s)%n", type, rows, cols,
                            dram ? "from DRAM" : "in cache", threads, names[k], copies[k].length, copyBytes, calls,
                            sorted[0] / 1e3,
                            (double) sorted[0] / rows / cols, copyBytes / (double) sorted[0], sorted[calls / 2] / 1e3,
                            copyBytes / (double) sorted[calls / 2]);
                }
            }
        }
    }
}
