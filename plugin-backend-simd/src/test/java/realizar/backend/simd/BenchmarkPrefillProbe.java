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
                Dequantizer d = Kernels.dequantizer(type);
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
