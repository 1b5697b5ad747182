package realizar.runtime.embed.bench;

import java.util.Locale;

/**
 * An A/B timing on a shared machine: one realizar model, calls alternating between two values of a system property
 * that the encoder reads per call, minimum per value. Arguments: property, value A, value B, batch, threads, calls.
 * (System.out is fine here: a command-line tool in test code.)
 */
public final class EmbeddingAbProbe {
    private EmbeddingAbProbe() {
    }

    public static void main(String[] args) throws Exception {
        String property = args[0];
        String[] values = {args[1], args[2]};
        BenchmarkEmbedding bench = new BenchmarkEmbedding();
        bench.engine = "realizar";
        bench.batch = Integer.parseInt(args[3]);
        bench.threads = Integer.parseInt(args[4]);
        int calls = Integer.parseInt(args[5]);
        bench.setUp();
        try {
            long[] best = {Long.MAX_VALUE, Long.MAX_VALUE};
            for (int i = 0; i < 2 * calls; i++) {
                int v = i % 2;
                System.setProperty(property, values[v]);
                long start = System.nanoTime();
                bench.embed();
                best[v] = Math.min(best[v], System.nanoTime() - start);
            }
            for (int v = 0; v < 2; v++) {
                System.out.printf(Locale.ROOT, "%s=%s batch %d threads %d: best %.3f ms (%.1f sent/s) over %d calls%n", property,
                        values[v], bench.batch, bench.threads, best[v] / 1e6, bench.batch / (best[v] / 1e9), calls);
            }
        } finally {
            bench.tearDown();
        }
    }
}
