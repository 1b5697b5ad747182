package realizar.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import realizar.api.format.ModelFile;
import realizar.runtime.Realizar;
import realizar.runtime.RealizarOptions;
import realizar.runtime.grammar.Grammar;
import realizar.runtime.grammar.GrammarConstraint;
import realizar.runtime.grammar.GrammarMatcher;
import realizar.runtime.grammar.TokenVocabulary;
import realizar.runtime.tokenizer.Tokenizer;

/**
 * Per-token cost of grammar masking over the 128,256-token Llama 3 vocabulary with a typical JSON Schema: for each
 * token of a valid 64-token output, the mask of allowed tokens is computed and the token accepted. {@code cold} builds a
 * new matcher per generation (no cached masks: the first request with a schema); {@code warm} shares one (later
 * requests with the same schema). Target (issue #6): under 1 ms per token.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xss4m"})
public class BenchmarkGrammarMask {
    static final int TOKENS = 64;
    static final String SCHEMA = """
            {"type": "object", "properties": {
               "name": {"type": "string", "maxLength": 40}, "age": {"type": "integer"},
               "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 5},
               "address": {"type": "object", "properties": {"street": {"type": "string"}, "city": {"type": "string"}},
                           "required": ["city"]},
               "status": {"enum": ["active", "inactive", "banned"]}},
             "required": ["name", "age", "status"]}""";

    TokenVocabulary vocabulary;
    Grammar grammar;
    GrammarMatcher shared;
    int[] path;

    @Setup(Level.Trial)
    public void setUp() {
        Path vocab = Path.of(System.getProperty("realizar.bench.vocab",
                "realizar-runtime/src/test/resources/tokenizers/ggml-vocab-llama-bpe.gguf"));
        try (Realizar realizar = Realizar.create(RealizarOptions.defaults()); ModelFile file = realizar.open(vocab, null)) {
            Tokenizer tokenizer = Tokenizer.fromMetadata(file.metadata());
            List<byte[]> bytes = new ArrayList<>();
            for (int id = 0; id < tokenizer.vocabSize(); id++) {
                bytes.add(tokenizer.pieceBytes(id));
            }
            vocabulary = TokenVocabulary.of(bytes, tokenizer.endOfGenerationIds());
        }
        grammar = Grammar.fromJsonSchema(SCHEMA);
        shared = new GrammarMatcher(grammar, vocabulary);
        path = samplePath(new GrammarMatcher(grammar, vocabulary));
    }

    /**
     * A valid token sequence of {@link #TOKENS} tokens: each step draws uniformly among the allowed tokens; seeds whose
     * walk closes the object too early are skipped (fixed seeds, so every run measures the same path).
     */
    private int[] samplePath(GrammarMatcher matcher) {
        for (long seed = 1; seed < 10_000; seed++) {
            int[] path = walkFrom(matcher, seed);
            if (path != null) {
                return path;
            }
        }
        throw new IllegalStateException("no seed gave a " + TOKENS + "-token output; lengthen the schema");
    }

    private int[] walkFrom(GrammarMatcher matcher, long seed) {
        GrammarConstraint c = new GrammarConstraint(matcher);
        SplittableRandom random = new SplittableRandom(seed);
        int[] out = new int[TOKENS];
        for (int i = 0; i < TOKENS; i++) {
            if (c.isFinished()) {
                return null;
            }
            BitSet allowed = c.allowedTokens();
            int pick = random.nextInt(allowed.cardinality());
            int id = allowed.nextSetBit(0);
            for (int k = 0; k < pick; k++) {
                id = allowed.nextSetBit(id + 1);
            }
            if (vocabulary.isEndOfGeneration(id)) {
                return null;
            }
            out[i] = id;
            c.accept(id);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(TOKENS)
    public int cold() {
        return walk(new GrammarMatcher(grammar, vocabulary));
    }

    @Benchmark
    @OperationsPerInvocation(TOKENS)
    public int warm() {
        return walk(shared);
    }

    private int walk(GrammarMatcher matcher) {
        GrammarConstraint c = new GrammarConstraint(matcher);
        int allowed = 0;
        for (int id : path) {
            allowed += c.allowedTokens().cardinality();
            c.accept(id);
        }
        return allowed;
    }
}
