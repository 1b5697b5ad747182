package realizar.backend.simd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import realizar.api.format.TensorType;

/**
 * The matmuls of one Llama-3.2-1B Q4_K_M decode token from DRAM, in the model's order, through {@link WorkerPool} and
 * the device's kernels: per layer q, k, v, o (2048 wide), gate, up (8192 × 2048), down (2048 × 8192), v and down in
 * Q6_K in every other layer (the rest Q4_K), then the tied Q6_K output matrix ({@code vocab} × 2048). Every layer has
 * its own copies, so nothing is found in cache (~800 MB with the full vocabulary). Per matrix kind: the median wall
 * time per call (its activation conversion included: {@link SimdDevice#matmul} does it serially), the rate in copy
 * bytes, the median times the calls per token, and how much longer the busier thread worked than the other (summed over
 * calls, as a share of the busier's time). Then the median token. Not a test (surefire skips it); run with
 * {@code java --add-modules jdk.incubator.vector -cp ... realizar.backend.simd.BenchmarkQ4KMDecode [tokens threads vocab]}.
 * (System.out is fine here: a command-line tool in test code.)
 */
final class BenchmarkQ4KMDecode {
    private static final int LAYERS = 16;

    private BenchmarkQ4KMDecode() {
    }

    private record Matrix(String kind, MemorySegment data, MatmulKernel kernel, int rows, int cols) {
    }

    public static void main(String[] args) {
        int tokens = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int vocab = args.length > 2 ? Integer.parseInt(args[2]) : 128256;
        Random rng = new Random(11);
        try (Arena arena = Arena.ofShared(); WorkerPool pool = new WorkerPool(threads)) {
            Map<String, MemorySegment> files = new LinkedHashMap<>();
            List<Matrix> token = new ArrayList<>();
            for (int l = 0; l < LAYERS; l++) {
                TensorType mixed = (l & 1) == 0 ? TensorType.Q6_K : TensorType.Q4_K;
                token.add(matrix("q", TensorType.Q4_K, 2048, 2048, files, arena, pool, rng));
                token.add(matrix("k", TensorType.Q4_K, 512, 2048, files, arena, pool, rng));
                token.add(matrix("v", mixed, 512, 2048, files, arena, pool, rng));
                token.add(matrix("o", TensorType.Q4_K, 2048, 2048, files, arena, pool, rng));
                token.add(matrix("gate", TensorType.Q4_K, 8192, 2048, files, arena, pool, rng));
                token.add(matrix("up", TensorType.Q4_K, 8192, 2048, files, arena, pool, rng));
                token.add(matrix("down", mixed, 2048, 8192, files, arena, pool, rng));
            }
            token.add(matrix("output", TensorType.Q6_K, vocab, 2048, files, arena, pool, rng));
            Activations a = new Activations();
            float[] y = new float[vocab];
            float[] x2048 = RandomWeights.activations(1, 2048, rng);
            float[] x8192 = RandomWeights.activations(1, 8192, rng);
            long[] busy = new long[threads];
            Map<String, long[]> wall = new LinkedHashMap<>();
            Map<String, long[]> skew = new LinkedHashMap<>();
            Map<String, Long> bytes = new LinkedHashMap<>();
            long[] tokenNs = new long[tokens];
            for (int t = 0; t < tokens; t++) {
                long t0 = System.nanoTime();
                for (Matrix m : token) {
                    long c0 = System.nanoTime();
                    a.convert(m.kernel().activationFormat(), m.cols() == 2048 ? x2048 : x8192, 1, m.cols());
                    Arrays.fill(busy, 0);
                    pool.run(m.rows(), (from, to) -> {
                        long b0 = System.nanoTime();
                        m.kernel().multiply(m.data(), m.rows(), m.cols(), a, y, from, to);
                        String name = Thread.currentThread().getName();
                        busy[name.startsWith("realizar-simd-") ? Integer.parseInt(name.substring(14)) : 0] += System.nanoTime() - b0;
                    });
                    long[] calls = wall.computeIfAbsent(m.kind(), k -> new long[tokens * LAYERS + 1]);
                    calls[(int) ++calls[0]] = System.nanoTime() - c0;
                    long[] sk = skew.computeIfAbsent(m.kind(), k -> new long[2]);
                    long max = Arrays.stream(busy).max().orElse(0);
                    sk[0] += max - Arrays.stream(busy).min().orElse(0);
                    sk[1] += max;
                    bytes.put(m.kind(), m.data().byteSize());
                }
                tokenNs[t] = System.nanoTime() - t0;
            }
            for (Map.Entry<String, long[]> e : wall.entrySet()) {
                long[] v = e.getValue();
                int count = (int) v[0];
                long[] sorted = Arrays.copyOfRange(v, 1, count + 1);
                Arrays.sort(sorted);
                long median = sorted[count / 2];
                long[] sk = skew.get(e.getKey());
                System.out.printf(Locale.ROOT, "%-28s median %8.1f us %5.1f GB/s, x%2d per token: %5.2f ms; skew %4.1f %%%n",
                        e.getKey(), median / 1e3, bytes.get(e.getKey()) / (double) median, count / tokens,
                        median * (count / tokens) / 1e6, 100.0 * sk[0] / sk[1]);
            }
            long[] sorted = tokenNs.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "token median %.2f ms (%.1f tok/s), best %.2f ms, %d tokens, %d threads%n",
                    sorted[tokens / 2] / 1e6, 1e9 / sorted[tokens / 2], sorted[0] / 1e6, tokens, threads);
        }
    }

    private static Matrix matrix(String name, TensorType type, int rows, int cols, Map<String, MemorySegment> files, Arena arena,
            WorkerPool pool, Random rng) {
        String kind = name + " " + rows + "x" + cols + " " + type;
        MemorySegment file = files.computeIfAbsent(kind, k -> Fixtures.segment(RandomWeights.of(type, rows, cols, rng), arena));
        Repacker repacker = Kernels.repacker(type);
        MemorySegment copy = arena.allocate(repacker.bytes(rows, cols), 64);
        pool.run(rows, (from, to) -> repacker.repack(file, copy, cols, from, to));
        return new Matrix(kind, copy, repacker.kernel(), rows, cols);
    }
}
