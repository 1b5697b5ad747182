package realizar.runtime.embed.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * A short smoke run of {@link BenchmarkEmbedding}, printed as the Markdown table of the runtime's embed README.
 * From the repository root, after {@code mvn -o -pl realizar-runtime -am test-compile}:
 * <pre>
 * mvn -q -o -pl realizar-runtime dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *      -cp realizar-runtime/target/test-classes:realizar-runtime/target/classes:$(cat /tmp/cp.txt) \
 *      realizar.runtime.embed.bench.BenchmarkEmbeddingMain [seconds per iteration, default 2]
 * </pre>
 * (System.out is fine here: a command-line tool in test code.)
 */
public final class BenchmarkEmbeddingMain {
    private BenchmarkEmbeddingMain() {
    }

    public static void main(String[] args) throws RunnerException {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Collection<RunResult> results = new Runner(new OptionsBuilder().include(BenchmarkEmbedding.class.getName())
                .forks(1).warmupIterations(2).warmupTime(TimeValue.seconds(seconds)).measurementIterations(3)
                .measurementTime(TimeValue.seconds(seconds))
                .jvmArgsAppend("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx3g").build()).run();
        Map<String, Double> perSecond = new TreeMap<>();
        for (RunResult r : results) {
            var p = r.getParams();
            double sentences = r.getPrimaryResult().getScore() * Integer.parseInt(p.getParam("batch"));
            perSecond.put(p.getParam("batch") + "/" + p.getParam("threads") + "/" + p.getParam("engine"), sentences);
        }
        System.out.println("| batch | threads | realizar sent/s | ONNX Runtime sent/s | LangChain4j sent/s | realizar / ONNX Runtime |");
        System.out.println("|---|---|---|---|---|---|");
        for (String batch : new String[] {"1", "32"}) {
            for (String threads : new String[] {"1", "2"}) {
                String k = batch + "/" + threads + "/";
                double ours = perSecond.getOrDefault(k + "realizar", Double.NaN);
                double ort = perSecond.getOrDefault(k + "onnxruntime", Double.NaN);
                double lc4j = perSecond.getOrDefault(k + "langchain4j", Double.NaN);
                System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f | %.2f× |%n", batch, threads, ours, ort, lc4j, ours / ort);
            }
        }
    }
}
