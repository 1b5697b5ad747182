package realizar.runtime.grammar;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Random;

import realizar.api.format.Metadata;

/**
 * Manual benchmark (not a test: the name matches no surefire pattern): per-token cost of grammar masking with the
 * 128,256-token Llama 3 vocabulary and a typical JSON Schema. A plain main() harness with warm-up, not JMH; it
 * reports wall and thread CPU time, the latter being the fairer number on a loaded machine.
 *
 * <p>Run after {@code mvn -o -q -pl realizar-runtime -am test-compile}:
 * {@code java -cp <runtime classes, test classes, api and gguf plugin classes, jackson jars>
 * realizar.runtime.grammar.GrammarMaskBench [path/to/ggml-vocab-llama-bpe.gguf]}
 */
final class GrammarMaskBench {
    static final String SCHEMA = """
            {"type": "object", "properties": {
               "name": {"type": "string", "maxLength": 40}, "age": {"type": "integer"},
               "email": {"type": "string", "format": "email"},
               "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 5},
               "address": {"type": "object", "properties": {"street": {"type": "string"}, "city": {"type": "string"},
                  "zip": {"type": "string", "maxLength": 10}}, "required": ["city"]},
               "status": {"enum": ["active", "inactive", "banned"]}},
             "required": ["name", "age", "status"]}""";

    /**
     * CPU time of this thread, so that a loaded shared machine does not inflate the numbers. Reached by reflection
     * because the runtime module does not read java.management (the harness runs on the class path).
     */
    private static final class THREADS {
        private static final Object BEAN;
        private static final java.lang.reflect.Method CPU_TIME;

        static {
            try {
                Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
                BEAN = factory.getMethod("getThreadMXBean").invoke(null);
                CPU_TIME = Class.forName("java.lang.management.ThreadMXBean").getMethod("getCurrentThreadCpuTime");
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        static long getCurrentThreadCpuTime() {
            try {
                return (Long) CPU_TIME.invoke(BEAN);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private GrammarMaskBench() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Path path = Path.of(args.length > 0 ? args[0] : "../shared/fixtures/tokenizers/ggml-vocab-llama-bpe.gguf");
        if (!Files.exists(path)) {
            path = Path.of("/work/shared/fixtures/tokenizers/ggml-vocab-llama-bpe.gguf");
        }
        Metadata m = TestVocabularies.metadata(path);
        long t0 = System.nanoTime();
        TokenVocabulary vocab = TokenVocabulary.of(TestVocabularies.byteLevelBpeBytes(m), TestVocabularies.endOfGeneration(m));
        out.printf("vocabulary: %d tokens, %d trie nodes, built in %.1f ms%n", vocab.size(), vocab.trieNodes(),
                (System.nanoTime() - t0) / 1e6);

        for (int i = 0; i < 5; i++) { // JIT warm-up on a grammar that is then dropped
            run(new GrammarMatcher(Grammar.fromJsonSchema(SCHEMA), vocab), 100 + i, false, out);
        }
        out.println("-- fresh grammar per generation (every state and mask computed for the first time):");
        for (int i = 0; i < 3; i++) {
            run(new GrammarMatcher(Grammar.fromJsonSchema(SCHEMA), vocab), i, true, out);
        }
        out.println("-- one shared grammar, later generations (caches warm):");
        GrammarMatcher shared = new GrammarMatcher(Grammar.fromJsonSchema(SCHEMA), vocab);
        for (int i = 0; i < 4; i++) {
            run(shared, 10 + i, i > 0, out);
        }
        out.println("-- trie walk alone over warm transitions, mask cache bypassed:");
        walkOnly(shared, out);
        out.println("-- worst case, inside an unconstrained string (almost every token allowed), mask cache bypassed:");
        GrammarState inString = shared.grammar().advance(shared.start(),
                "{\"name\":\"x\",\"age\":1,\"status\":\"active\",\"email\":\"".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        BitSet bits = new BitSet();
        long cpu = 0;
        long wall = 0;
        for (int i = 0; i < 50; i++) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            shared.allowedTokensUncached(inString, bits);
            wall += System.nanoTime() - w0;
            cpu += THREADS.getCurrentThreadCpuTime() - c0;
        }
        out.printf("  %d tokens allowed: %.1f us per walk wall, %.1f us cpu%n", bits.cardinality(), wall / 50e3, cpu / 50e3);
    }

    private static void run(GrammarMatcher matcher, long seed, boolean print, PrintStream out) {
        GrammarConstraint c = new GrammarConstraint(matcher);
        TokenVocabulary vocab = matcher.vocabulary();
        Random rng = new Random(seed);
        float[] logits = new float[vocab.size()];
        long maskNs = 0;
        long maskCpuNs = 0;
        long acceptNs = 0;
        long worst = 0;
        int steps = 0;
        for (; steps < 2000; steps++) {
            for (int i = 0; i < logits.length; i++) {
                logits[i] = rng.nextFloat();
            }
            long cpu = THREADS.getCurrentThreadCpuTime();
            long a = System.nanoTime();
            c.mask(logits);
            long b = System.nanoTime();
            maskCpuNs += THREADS.getCurrentThreadCpuTime() - cpu;
            maskNs += b - a;
            worst = Math.max(worst, b - a);
            int token = pick(logits, vocab, rng, steps);
            if (vocab.isEndOfGeneration(token)) {
                break;
            }
            long d = System.nanoTime();
            c.accept(token);
            acceptNs += System.nanoTime() - d;
            if (c.isFinished()) {
                break;
            }
        }
        if (print) {
            out.printf("  %4d tokens: mask %7.1f us/token wall, %7.1f us/token cpu (worst %7.1f us wall), accept %5.2f us/token%n",
                    steps + 1, maskNs / 1e3 / (steps + 1), maskCpuNs / 1e3 / (steps + 1), worst / 1e3,
                    acceptNs / 1e3 / Math.max(steps, 1));
        }
    }

    /** Random allowed token, with a growing preference for closing tokens so that generations end. */
    private static int pick(float[] logits, TokenVocabulary vocab, Random rng, int step) {
        int best = -1;
        float bestScore = Float.NEGATIVE_INFINITY;
        for (int id = 0; id < logits.length; id++) {
            if (logits[id] == Float.NEGATIVE_INFINITY) {
                continue;
            }
            float score = logits[id];
            if (vocab.isEndOfGeneration(id) || closes(vocab.bytesOf(id))) {
                score += step * 0.02f;
            }
            if (score > bestScore) {
                bestScore = score;
                best = id;
            }
        }
        return best;
    }

    private static boolean closes(byte[] b) {
        for (byte x : b) {
            if (x == '"' || x == '}' || x == ']') {
                return true;
            }
        }
        return false;
    }

    private static void walkOnly(GrammarMatcher matcher, PrintStream out) {
        Random rng = new Random(7);
        GrammarState state = matcher.start();
        BitSet bits = new BitSet();
        long total = 0;
        long totalCpu = 0;
        long worst = 0;
        int n = 0;
        for (int step = 0; step < 200 && !state.isFinished(); step++) {
            long cpu = THREADS.getCurrentThreadCpuTime();
            long a = System.nanoTime();
            matcher.allowedTokensUncached(state, bits);
            long b = System.nanoTime();
            totalCpu += THREADS.getCurrentThreadCpuTime() - cpu;
            total += b - a;
            worst = Math.max(worst, b - a);
            n++;
            int[] ids = bits.stream().filter(id -> !matcher.vocabulary().isEndOfGeneration(id)).toArray();
            if (ids.length == 0) {
                break;
            }
            int pick = ids[rng.nextInt(ids.length)];
            if (step > 60) { // steer towards the end
                for (int id : ids) {
                    if (closes(matcher.vocabulary().bytesOf(id))) {
                        pick = id;
                        break;
                    }
                }
            }
            state = matcher.advance(state, pick);
        }
        out.printf("  %d states: %.1f us per walk wall, %.1f us cpu (worst %.1f us wall)%n", n, total / 1e3 / n,
                totalCpu / 1e3 / n, worst / 1e3);
    }
}
