package realizar.backend.simd.bench;

import java.util.Collection;
import java.util.Locale;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * A short smoke run of the matmul benchmarks and the bandwidth reference, printed as the Markdown table of the
 * module README. Run from the repository root after {@code mvn -pl plugin-backend-simd -am test-compile}:
 * <pre>
 * mvn -q -o -pl plugin-backend-simd dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java --add-modules jdk.incubator.vector -cp plugin-backend-simd/target/test-classes:plugin-backend-simd/target/classes:realizar-api/target/classes:$(cat /tmp/cp.txt) \
 *      realizar.backend.simd.bench.BenchmarkMain [types, default all] [prefill n, default 64]
 * </pre>
 * (System.out is fine here: this is a command-line tool in test code, not part of the plugin.)
 */
public final class BenchmarkMain {
    private BenchmarkMain() {
    }

    public static void main(String[] args) throws RunnerException {
        String types = args.length > 0 ? args[0] : "F32,F16,BF16,Q4_0,Q4_1,Q5_0,Q5_1,Q8_0,Q2_K,Q3_K,Q4_K,Q5_K,Q6_K";
        String prefill = args.length > 1 ? args[1] : "64";
        Options bandwidth = base().include(BenchmarkMemoryBandwidth.class.getName()).build();
        double bytesPerUs = BenchmarkMemoryBandwidth.BYTES / best(new Runner(bandwidth).run());
        System.out.printf(Locale.ROOT, "memory read bandwidth (vector sum of 256 MB, all cores, fastest sample): %.1f GB/s%n%n",
                bytesPerUs / 1e3);
        System.out.println("Fastest sample (median in parentheses) of each operation; a 4096×4096 weight matrix.");
        System.out.println();
        System.out.println("| type | decode n=1 µs | decode GB/s | % of bandwidth | decode GFLOP/s | prefill n=" + prefill
                + " ms | prefill GFLOP/s |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String type : types.split(",")) {
            int rows = 4096;
            int cols = 4096;
            Collection<RunResult> decode = new Runner(base().include(BenchmarkMatmul.class.getName()).param("type", type)
                    .param("n", "1").build()).run();
            Collection<RunResult> prefillRun = new Runner(base().include(BenchmarkMatmul.class.getName()).param("type", type)
                    .param("n", prefill).build()).run();
            double decodeUs = best(decode);
            double prefillUs = best(prefillRun);
            double bytes = BenchmarkMatmul.weightBytes(type, rows, cols);
            double flops = 2.0 * rows * cols;
            System.out.printf(Locale.ROOT, "| %s | %.0f (%.0f) | %.1f (%.1f) | %.0f %% | %.1f | %.1f (%.1f) | %.1f |%n", type,
                    decodeUs, median(decode), bytes / decodeUs / 1e3, bytes / median(decode) / 1e3,
                    100 * bytes / decodeUs / bytesPerUs, flops / decodeUs / 1e3, prefillUs / 1e3, median(prefillRun) / 1e3,
                    flops * Integer.parseInt(prefill) / prefillUs / 1e3);
        }
    }

    private static OptionsBuilder base() {
        OptionsBuilder b = new OptionsBuilder();
        b.forks(1).warmupIterations(2).warmupTime(TimeValue.seconds(1)).measurementIterations(3)
                .measurementTime(TimeValue.seconds(1)).jvmArgsAppend("--add-modules", "jdk.incubator.vector", "-Xmx2g");
        return b;
    }

    /** The fastest sampled operation, in µs: on a shared machine the least disturbed one. */
    private static double best(Collection<RunResult> results) {
        return results.iterator().next().getPrimaryResult().getStatistics().getMin();
    }

    private static double median(Collection<RunResult> results) {
        return results.iterator().next().getPrimaryResult().getStatistics().getPercentile(50);
    }
}
