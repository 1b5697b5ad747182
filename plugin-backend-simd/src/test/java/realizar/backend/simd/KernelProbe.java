package realizar.backend.simd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

import realizar.api.format.TensorType;

/**
 * Single-thread micro-timing of one matmul kernel: best of N calls on an in-cache matrix (the minimum is robust to
 * other processes on the machine). Not a test (no Test prefix/suffix) and not a JMH benchmark: a quick A/B probe.
 * Usage: KernelProbe TYPE [rows cols n reps]
 */
final class KernelProbe {
    public static void main(String[] args) {
        TensorType type = TensorType.valueOf(args[0]);
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int cols = args.length > 2 ? Integer.parseInt(args[2]) : 4096;
        int n = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int reps = args.length > 4 ? Integer.parseInt(args[4]) : 3000;
        Random rng = new Random(1);
        byte[] bytes = RandomWeights.of(type, rows, cols, rng);
        Arena arena = Arena.ofShared();
        MemorySegment map = arena.allocate(bytes.length, 64);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, map, 0, bytes.length);
        MatmulKernel kernel = Kernels.matmul(type);
        MemorySegment data = map;
        Repacker rp = "false".equals(System.getProperty("realizar.simd.repack")) ? null : Kernels.repacker(type);
        if (rp != null) {
            data = arena.allocate(rp.bytes(rows, cols), 64);
            rp.repack(map, data, cols, 0, rows);
            kernel = rp.kernel();
        }
        float[] x = new float[n * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = RandomWeights.gauss(rng);
        }
        float[] y = new float[n * rows];
        Activations a = new Activations();
        long best = Long.MAX_VALUE;
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            a.convert(kernel.activationFormat(), x, n, cols);
            kernel.multiply(data, rows, cols, a, y, 0, rows);
            best = Math.min(best, System.nanoTime() - t0);
        }
        double elems = (double) rows * cols;
        System.out.printf("%s %dx%d n=%d%s: best %.1f us, %.3f ns/element/token, %.1f GB/s (file bytes), %.1f GFLOP/s, y[0]=%s%n",
                type, rows, cols, n, rp != null ? " repacked" : "", best / 1e3, best / elems / n,
                type.bytesFor((long) rows * cols) / (double) best, 2 * elems * n / best, y[0]);
    }
}
