package realizar.backend.simd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.Random;

import realizar.api.format.TensorType;

/**
 * Single-thread, in-cache micro-timing of one matmul kernel for A/B decisions on a shared machine: the fastest of
 * {@code calls} calls (decode n = 1 unless given), robust to other processes; the repacking's time too. Not a test (surefire skips {@code Benchmark*}).
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... realizar.backend.simd.BenchmarkKernelProbe Q4_K,Q4_0 4096 4096 300 [mapped|repacked|int8] [n]
 * </pre>
 * (System.out is fine here: a command-line tool in test code.)
 */
public final class BenchmarkKernelProbe {
    private BenchmarkKernelProbe() {
    }

    public static void main(String[] args) {
        if (args[0].equals("load")) {
            load(TensorType.valueOf(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            return;
        }
        String[] types = args[0].split(",");
        int rows = Integer.parseInt(args[1]);
        int cols = Integer.parseInt(args[2]);
        int calls = Integer.parseInt(args[3]);
        String defaultPath = args.length > 4 ? args[4] : "repacked";
        int n = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        Random rng = new Random(1);
        try (Arena arena = Arena.ofShared()) {
            for (String spec : types) {
                // TYPE or TYPE:mapped / TYPE:repacked, overriding the path for that type
                String name = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
                String path = spec.contains(":") ? spec.substring(spec.indexOf(':') + 1) : defaultPath;
                TensorType type = TensorType.valueOf(name);
                MemorySegment w = Fixtures.segment(RandomWeights.of(type, rows, cols, rng), arena);
                MatmulKernel kernel = Kernels.matmul(type);
                // "int8": Q6_K's former int8 copy (Q6KRepacked), whatever the device serves now.
                Repacker repacker = path.equals("int8") && type == TensorType.Q6_K ? new Q6KRepacked() : Kernels.repacker(type);
                path = path.equals("int8") ? "repacked" : path;
                long bytes = w.byteSize();
                if (repacker != null && path.equals("repacked")) {
                    MemorySegment copy = arena.allocate(repacker.bytes(rows, cols), 64);
                    long first = 0;
                    long fastest = Long.MAX_VALUE;
                    for (int k = 0; k < 10; k++) {
                        long t0 = System.nanoTime();
                        repacker.repack(w, copy, cols, 0, rows);
                        long took = System.nanoTime() - t0;
                        first = k == 0 ? took : first;
                        fastest = Math.min(fastest, took);
                    }
                    System.out.printf(Locale.ROOT, "%s repack single-thread: first %.1f ms, best of 10 %.1f ms; %d -> %d bytes%n",
                            type, first / 1e6, fastest / 1e6, bytes, copy.byteSize());
                    w = copy;
                    kernel = repacker.kernel();
                }
                float[] x = RandomWeights.activations(n, cols, rng);
                Activations a = new Activations();
                a.convert(kernel.activationFormat(), x, n, cols);
                float[] y = new float[n * rows];
                long best = Long.MAX_VALUE;
                for (int i = 0; i < calls; i++) {
                    long t0 = System.nanoTime();
                    kernel.multiply(w, rows, cols, a, y, 0, rows);
                    best = Math.min(best, System.nanoTime() - t0);
                }
                System.out.printf(Locale.ROOT, "%s %s %dx%d n=%d best of %d: %.0f us, %.3f ns/element, %.1f GB/s of file bytes (y[0]=%g)%n",
                        type, repacker != null && path.equals("repacked") ? repacker.getClass().getSimpleName() : "mapped", rows, cols, n, calls,
                        best / 1e3, (double) best / rows / cols / n, (double) bytes * n / best, y[0]);
            }
        }
    }

    /**
     * Load cost through the device API as the runtime pays it: {@code count} distinct {@code rows × cols} tensors of
     * {@code type} handed to {@code weights()} on a 2-thread device (copy allocation, first touch, repacking), repack on
     * and off ({@code -Drealizar.simd.repack} is read once per JVM, so run both settings separately).
     */
    private static void load(TensorType type, int rows, int cols, int count) {
        Random rng = new Random(2);
        try (Arena arena = Arena.ofShared();
                realizar.api.backend.ComputeDevice device = new SimdComputeBackend().open(new realizar.api.backend.DeviceOptions(2, 0))) {
            byte[] bytes = RandomWeights.of(type, rows, cols, rng);
            MemorySegment[] mapped = new MemorySegment[count];
            for (int k = 0; k < count; k++) {
                mapped[k] = Fixtures.segment(bytes, arena);
            }
            long t0 = System.nanoTime();
            for (int k = 0; k < count; k++) {
                device.weights(Fixtures.tensor("w" + k, type, cols, rows, mapped[k]));
            }
            long took = System.nanoTime() - t0;
            System.out.printf(Locale.ROOT, "%s weights() of %d tensors %dx%d (%.0f MB): %.1f ms, %.2f GB/s (repack=%s)%n", type, count,
                    rows, cols, count * (double) bytes.length / 1e6, took / 1e6, count * (double) bytes.length / took,
                    System.getProperty("realizar.simd.repack", "true"));
        }
    }
}
