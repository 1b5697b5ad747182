package realizar.backend.simd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

import realizar.api.format.TensorType;

/**
 * Single-thread, in-cache A/B micro-timing of the Q4_K kernels (the mapped one, {@link Q4KRepacked} and
 * {@link Q4KGrouped}), interleaved call by call, and {@link Q40Repacked} on as many elements for reference: the best
 * of many calls, which other processes on a shared machine can only slow down. Not a test (surefire skips it); run
 * with {@code java --add-modules jdk.incubator.vector -cp ... realizar.backend.simd.BenchmarkQ4KGroupedProbe
 * [rows cols calls n]}.
 */
final class BenchmarkQ4KGroupedProbe {
    private BenchmarkQ4KGroupedProbe() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int cols = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int n = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Random rng = new Random(1);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment w = Fixtures.segment(RandomWeights.of(TensorType.Q4_K, rows, cols, rng), arena);
            Q4KRepacked old = new Q4KRepacked(Simd.WIDE);
            MemorySegment oldCopy = arena.allocate(old.bytes(rows, cols), 64);
            old.repack(w, oldCopy, cols, 0, rows);
            Q4KGrouped grouped = new Q4KGrouped();
            MemorySegment copy = arena.allocate(grouped.bytes(rows, cols), 64);
            long repackNs = Long.MAX_VALUE;
            long oldRepackNs = Long.MAX_VALUE;
            for (int i = 0; i < 40; i++) {
                long t0 = System.nanoTime();
                old.repack(w, oldCopy, cols, 0, rows);
                oldRepackNs = Math.min(oldRepackNs, System.nanoTime() - t0);
                t0 = System.nanoTime();
                grouped.repack(w, copy, cols, 0, rows);
                repackNs = Math.min(repackNs, System.nanoTime() - t0);
            }
            MemorySegment w40 = Fixtures.segment(RandomWeights.of(TensorType.Q4_0, rows, cols, rng), arena);
            Q40Repacked q40 = new Q40Repacked();
            MemorySegment copy40 = arena.allocate(q40.bytes(rows, cols), 64);
            q40.repack(w40, copy40, cols, 0, rows);
            float[] x = RandomWeights.activations(n, cols, rng);
            float[] y = new float[n * rows];
            float[] y2 = new float[n * rows];
            Activations plain = new Activations();
            plain.convert(ActivationFormat.Q8_K, x, n, cols);
            Activations regrouped = new Activations();
            regrouped.convert(ActivationFormat.Q8_K_X8, x, n, cols);
            Activations x40 = new Activations();
            x40.convert(ActivationFormat.Q8_0_X8, x, n, cols);
            MatmulKernel mapped = Kernels.matmul(TensorType.Q4_K);
            double elems = (double) rows * cols * n;
            for (int round = 0; round < 3; round++) {
                long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
                for (int i = 0; i < calls; i++) {
                    long t0 = System.nanoTime();
                    mapped.multiply(w, rows, cols, plain, y, 0, rows);
                    long t1 = System.nanoTime();
                    old.kernel().multiply(oldCopy, rows, cols, plain, y, 0, rows);
                    long t2 = System.nanoTime();
                    grouped.kernel().multiply(copy, rows, cols, regrouped, y2, 0, rows);
                    long t3 = System.nanoTime();
                    q40.kernel().multiply(copy40, rows, cols, x40, y2, 0, rows);
                    long t4 = System.nanoTime();
                    plain.convert(ActivationFormat.Q8_K, x, n, cols);
                    long t5 = System.nanoTime();
                    regrouped.convert(ActivationFormat.Q8_K_X8, x, n, cols);
                    long t6 = System.nanoTime();
                    long[] took = {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5};
                    for (int k = 0; k < took.length; k++) {
                        best[k] = Math.min(best[k], took[k]);
                    }
                }
                System.out.printf("%dx%d n=%d best of %d: Q4_K mapped %.1f us (%.4f ns/el), Q4KRepacked %.1f us (%.4f), "
                        + "Q4KGrouped %.1f us (%.4f) = %.2fx Q4KRepacked; Q40Repacked %.1f us (%.4f); convert Q8_K %.1f us, "
                        + "Q8_K_X8 %.1f us; repack best of 40: Q4KRepacked %.2f ms, Q4KGrouped %.2f ms%n", rows, cols, n, calls,
                        best[0] / 1e3, best[0] / elems, best[1] / 1e3, best[1] / elems, best[2] / 1e3, best[2] / elems,
                        (double) best[1] / best[2], best[3] / 1e3, best[3] / elems, best[4] / 1e3, best[5] / 1e3, oldRepackNs / 1e6, repackNs / 1e6);
            }
        }
    }
}
