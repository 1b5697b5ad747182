package realizar.backend.simd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

import realizar.api.format.TensorType;

/**
 * Single-thread, in-cache micro-timing of the prefill paths (best of N calls, robust to other processes on a shared
 * machine): the fused integer kernel (activation conversion included), the dequantized float tile (packing
 * included), dequantization alone, and the F32 4×4 tile. Not a test (surefire skips Benchmark*); run by hand:
 * {@code java ... realizar.backend.simd.BenchmarkPrefillProbe [rows] [cols] [n] [reps] [types…]}.
 */
final class BenchmarkPrefillProbe {
    private BenchmarkPrefillProbe() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("device")) {
            device(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), java.util.Arrays.copyOfRange(args, 6, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("tile")) {
            tiles(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            return;
        }
        if (args.length > 0 && args[0].equals("sweep")) {
            sweep(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    java.util.Arrays.copyOfRange(args, 4, args.length));
            return;
        }
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int cols = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int reps = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        String[] types = args.length > 4 ? java.util.Arrays.copyOfRange(args, 4, args.length) : new String[] {"Q4_0", "Q8_0", "Q4_K", "Q6_K", "F32"};
        Random rng = new Random(1);
        float[] x = RandomWeights.activations(n, cols, rng);
        float[] y = new float[n * rows];
        double flops = 2.0 * rows * cols * n;
        try (Arena arena = Arena.ofShared()) {
            for (String name : types) {
                TensorType type = TensorType.valueOf(name);
                MemorySegment w = Fixtures.segment(RandomWeights.of(type, rows, cols, rng), arena);
                MatmulKernel fused = Kernels.matmul(type);
                MemorySegment fusedData = w;
                Repacker repacker = Kernels.repacker(type);
                if (repacker != null) {
                    fusedData = arena.allocate(repacker.bytes(rows, cols), 64);
                    repacker.repack(w, fusedData, cols, 0, rows);
                    fused = repacker.kernel();
                }
                Activations a = new Activations();
                MatmulKernel k = fused;
                MemorySegment fd = fusedData;
                double old = best(reps, () -> {
                    a.convert(k.activationFormat(), x, n, cols);
                    k.multiply(fd, rows, cols, a, y, 0, rows);
                });
                Dequantizer d = VectorDequantizers.of(type);
                DequantizedPrefill p = new DequantizedPrefill();
                double tile = best(reps, () -> {
                    p.pack(x, n, cols);
                    p.multiply(d, w, rows, y, 0, rows);
                });
                float[] all = new float[rows * cols];
                double deq = best(reps, () -> d.dequantize(w, 0, all, 0, all.length));
                double pack = best(reps, () -> p.pack(x, n, cols));
                System.out.printf("%-5s %dx%d n=%d  fused %7.2f ms %6.1f GFLOP/s | tile %7.2f ms %6.1f GFLOP/s | dequant %6.2f ms (%.2f ns/w) pack %5.2f ms%n",
                        name, rows, cols, n, old * 1e3, flops / old / 1e9, tile * 1e3, flops / tile / 1e9, deq * 1e3,
                        deq * 1e9 / rows / cols, pack * 1e3);
            }
        }
    }

    /** Through the public device API on {@code threads} threads (whatever path the policy picks). */
    static void device(int threads, int rows, int cols, int n, int reps, String[] types) {
        Random rng = new Random(3);
        float[] x = RandomWeights.activations(n, cols, rng);
        float[] y = new float[n * rows];
        try (Arena arena = Arena.ofShared();
                var device = new SimdComputeBackend().open(new realizar.api.backend.DeviceOptions(threads, 0))) {
            for (String name : types) {
                TensorType type = TensorType.valueOf(name);
                MemorySegment w = Fixtures.segment(RandomWeights.of(type, rows, cols, rng), arena);
                var weights = device.weights(Fixtures.tensor("w", type, cols, rows, w));
                double t = best(reps, () -> device.matmul(weights, x, y, n));
                System.out.printf("%-5s %d threads %dx%d n=%d: %.2f ms %.1f GFLOP/s (tiles: %s)%n", name, threads, rows, cols, n,
                        t * 1e3, 2.0 * rows * cols * n / t / 1e9, DequantizedPrefill.serves(type, n));
            }
        }
    }

    /** The register tile alone (in L1/L2: one 8-row panel, one 16-token tile), 256- vs 512-bit. */
    static void tiles(int cols, int reps) {
        Random rng = new Random(4);
        float[] w = RandomWeights.activations(8, cols, rng);
        float[] xp = RandomWeights.activations(16, cols, rng);
        float[] out = new float[128];
        double flops = 2.0 * 8 * 16 * cols;
        for (int round = 0; round < 3; round++) {
            double a = best(reps, () -> DequantizedPrefill.tile(w, cols, xp, 0, out));
            double b = best(reps, () -> tile512(w, cols, xp, 0, out));
            double h = best(reps, () -> DequantizedPrefill.halfTile(w, cols, xp, 0, out));
            System.out.printf("half tile (8 × 8) cols=%d: %.2f µs %.1f GFLOP/s%n", cols, h * 1e6, flops / 2 / h / 1e9);
            System.out.printf("tile cols=%d: 256-bit %.2f µs %.1f GFLOP/s | 512-bit %.2f µs %.1f GFLOP/s%n", cols, a * 1e6,
                    flops / a / 1e9, b * 1e6, flops / b / 1e9);
        }
    }

    static final jdk.incubator.vector.VectorSpecies<Float> F512 = jdk.incubator.vector.FloatVector.SPECIES_512;

    static void tile512(float[] w, int cols, float[] xp, int xOff, float[] out) {
        var c0 = jdk.incubator.vector.FloatVector.zero(F512);
        var c1 = c0; var c2 = c0; var c3 = c0; var c4 = c0; var c5 = c0; var c6 = c0; var c7 = c0;
        int w1 = cols, w2 = 2 * cols, w3 = 3 * cols, w4 = 4 * cols, w5 = 5 * cols, w6 = 6 * cols, w7 = 7 * cols;
        for (int k = 0; k < cols; k++) {
            var x0 = jdk.incubator.vector.FloatVector.fromArray(F512, xp, xOff + k * 16);
            c0 = jdk.incubator.vector.FloatVector.broadcast(F512, w[k]).fma(x0, c0);
            c1 = jdk.incubator.vector.FloatVector.broadcast(F512, w[w1 + k]).fma(x0, c1);
            c2 = jdk.incubator.vector.FloatVector.broadcast(F512, w[w2 + k]).fma(x0, c2);
            c3 = jdk.incubator.vector.FloatVector.broadcast(F512, w[w3 + k]).fma(x0, c3);
            c4 = jdk.incubator.vector.FloatVector.broadcast(F512, w[w4 + k]).fma(x0, c4);
            c5 = jdk.incubator.vector.FloatVector.broadcast(F512, w[w5 + k]).fma(x0, c5);
            c6 = jdk.incubator.vector.FloatVector.broadcast(F512, w[w6 + k]).fma(x0, c6);
            c7 = jdk.incubator.vector.FloatVector.broadcast(F512, w[w7 + k]).fma(x0, c7);
        }
        c0.intoArray(out, 0);
        c1.intoArray(out, 16);
        c2.intoArray(out, 32);
        c3.intoArray(out, 48);
        c4.intoArray(out, 64);
        c5.intoArray(out, 80);
        c6.intoArray(out, 96);
        c7.intoArray(out, 112);
    }

    /** Fused vs tile time per n, to find each type's break-even n. */
    static void sweep(int rows, int cols, int reps, String[] types) {
        Random rng = new Random(2);
        int[] ns = {2, 3, 4, 6, 8, 12, 16, 24, 32};
        try (Arena arena = Arena.ofShared()) {
            for (String name : types) {
                TensorType type = TensorType.valueOf(name);
                MemorySegment w = Fixtures.segment(RandomWeights.of(type, rows, cols, rng), arena);
                MatmulKernel fused = Kernels.matmul(type);
                MemorySegment fusedData = w;
                Repacker repacker = Kernels.repacker(type);
                if (repacker != null) {
                    fusedData = arena.allocate(repacker.bytes(rows, cols), 64);
                    repacker.repack(w, fusedData, cols, 0, rows);
                    fused = repacker.kernel();
                }
                MatmulKernel k = fused;
                MemorySegment fd = fusedData;
                Dequantizer d = VectorDequantizers.of(type);
                StringBuilder line = new StringBuilder(String.format("%-5s %dx%d fused/tile µs:", name, rows, cols));
                for (int n : ns) {
                    float[] x = RandomWeights.activations(n, cols, rng);
                    float[] y = new float[n * rows];
                    Activations a = new Activations();
                    DequantizedPrefill p = new DequantizedPrefill();
                    double old = best(reps, () -> {
                        a.convert(k.activationFormat(), x, n, cols);
                        k.multiply(fd, rows, cols, a, y, 0, rows);
                    });
                    double tile = best(reps, () -> {
                        p.pack(x, n, cols);
                        p.multiply(d, w, rows, y, 0, rows);
                    });
                    line.append(String.format("  n=%d %.0f/%.0f", n, old * 1e6, tile * 1e6));
                }
                System.out.println(line);
            }
        }
    }

    static double best(int reps, Runnable r) {
        for (int i = 0; i < 3; i++) {
            r.run();
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            r.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }
}
