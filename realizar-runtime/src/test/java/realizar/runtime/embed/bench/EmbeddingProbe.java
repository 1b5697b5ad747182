package realizar.runtime.embed.bench;

import java.util.Locale;

/**
 * A quick A/B timing of {@link BenchmarkEmbedding}'s engines without JMH: per configuration, the minimum over many
 * calls (robust to other processes on a shared machine), with the tokens per sentence and the GFLOP/s that the
 * minimum means. Arguments: engines (comma list, default realizar,onnxruntime), batches (default 1,32), threads
 * (default 1), calls per configuration (default 300). (System.out is fine here: a command-line tool in test code.)
 */
public final class EmbeddingProbe {
    private EmbeddingProbe() {
    }

    public static void main(String[] args) throws Exception {
        String[] engines = (args.length > 0 ? args[0] : "realizar,onnxruntime").split(",");
        String[] batches = (args.length > 1 ? args[1] : "1,32").split(",");
        String[] threads = (args.length > 2 ? args[2] : "1").split(",");
        int calls = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        for (String t : threads) {
            for (String b : batches) {
                for (String engine : engines) {
                    BenchmarkEmbedding bench = new BenchmarkEmbedding();
                    bench.engine = engine;
                    bench.batch = Integer.parseInt(b);
                    bench.threads = Integer.parseInt(t);
                    bench.setUp();
                    try {
                        long best = Long.MAX_VALUE;
                        long total = 0;
                        for (int i = 0; i < calls; i++) {
                            long start = System.nanoTime();
                            bench.embed();
                            long d = System.nanoTime() - start;
                            best = Math.min(best, d);
                            if (i >= calls / 2) {
                                total += d;
                            }
                        }
                        double seconds = best / 1e9;
                        double sent = bench.batch / seconds;
                        double flops = bench.computedTokens() * BenchmarkEmbedding.FLOPS_PER_TOKEN;
                        System.out.printf(Locale.ROOT, "%-12s batch %2s threads %s: best %8.3f ms  median-ish %8.3f ms  %7.1f sent/s  "
                                        + "tokens computed %4d  %6.1f GFLOP/s%n", engine, b, t, best / 1e6,
                                total / 1e6 / (calls - calls / 2), sent, bench.computedTokens(), flops / seconds / 1e9);
                    } finally {
                        bench.tearDown();
                    }
                }
            }
        }
    }
}
