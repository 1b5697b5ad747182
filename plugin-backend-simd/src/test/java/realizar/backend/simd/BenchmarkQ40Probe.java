package realizar.backend.simd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

import realizar.api.format.TensorType;

/**
 * Single-thread, in-cache A/B micro-timing of the Q4_0 kernels (the mapped one and {@link Q40Repacked}): the best of
 * many calls, which other processes on a shared machine can only slow down. Not a test (surefire skips it); run with
 * {@code java --add-modules jdk.incubator.vector -cp ... realizar.backend.simd.BenchmarkQ40Probe [rows cols calls n]}.
 */
final class BenchmarkQ40Probe {
    private BenchmarkQ40Probe() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int cols = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
        int n = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Random rng = new Random(1);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment w = Fixtures.segment(RandomWeights.of(TensorType.Q4_0, rows, cols, rng), arena);
            Q40Repacked repacker = new Q40Repacked();
            MemorySegment copy = arena.allocate(repacker.bytes(rows, cols), 64);
            long repackNs = Long.MAX_VALUE;
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                repacker.repack(w, copy, cols, 0, rows);
                repackNs = Math.min(repackNs, System.nanoTime() - t0);
            }
            float[] x = RandomWeights.activations(n, cols, rng);
            float[] y = new float[n * rows];
            Activations plain = new Activations();
            plain.convert(ActivationFormat.Q8_0, x, n, cols);
            Activations grouped = new Activations();
            grouped.convert(ActivationFormat.Q8_0_X8, x, n, cols);
            MatmulKernel mapped = Kernels.matmul(TensorType.Q4_0);
            MatmulKernel repacked = repacker.kernel();
            double elems = (double) rows * cols * n;
            for (int round = 0; round < 3; round++) {
                long bestMapped = Long.MAX_VALUE;
                long bestRepacked = Long.MAX_VALUE;
                long bestConvert = Long.MAX_VALUE;
                long bestConvertX8 = Long.MAX_VALUE;
                for (int i = 0; i < calls; i++) {
                    long a = System.nanoTime();
                    mapped.multiply(w, rows, cols, plain, y, 0, rows);
                    long b = System.nanoTime();
                    repacked.multiply(copy, rows, cols, grouped, y, 0, rows);
                    long c = System.nanoTime();
                    plain.convert(ActivationFormat.Q8_0, x, n, cols);
                    long d = System.nanoTime();
                    grouped.convert(ActivationFormat.Q8_0_X8, x, n, cols);
                    long e = System.nanoTime();
                    bestMapped = Math.min(bestMapped, b - a);
                    bestRepacked = Math.min(bestRepacked, c - b);
                    bestConvert = Math.min(bestConvert, d - c);
                    bestConvertX8 = Math.min(bestConvertX8, e - d);
                }
                System.out.printf("%dx%d n=%d best of %d: mapped %.1f us (%.4f ns/elem), repacked %.1f us (%.4f ns/elem), "
                        + "%.2fx; convert Q8_0 %.1f us, Q8_0_X8 %.1f us; repack best of 20 %.2f ms%n", rows, cols, n, calls,
                        bestMapped / 1e3, bestMapped / elems, bestRepacked / 1e3, bestRepacked / elems,
                        (double) bestMapped / bestRepacked, bestConvert / 1e3, bestConvertX8 / 1e3, repackNs / 1e6);
            }
        }
    }
}
