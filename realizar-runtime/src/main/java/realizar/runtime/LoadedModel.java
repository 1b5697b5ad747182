package realizar.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import realizar.api.format.ModelFile;
import realizar.runtime.grammar.Grammar;
import realizar.runtime.grammar.GrammarConstraint;
import realizar.runtime.grammar.GrammarMatcher;
import realizar.runtime.grammar.TokenVocabulary;
import realizar.runtime.generate.GenerationRequest;
import realizar.runtime.generate.GenerationResult;
import realizar.runtime.generate.Generator;
import realizar.runtime.generate.TokenListener;
import realizar.runtime.generate.TokenText;
import realizar.runtime.model.CausalLM;
import realizar.runtime.model.Session;
import realizar.runtime.sampling.LogitProcessor;
import realizar.runtime.sampling.SamplingParams;
import realizar.runtime.tokenizer.Tokenizer;

/**
 * A model ready to generate: its file, its architecture bound to a device, its tokenizer and one KV cache.
 * Thread-safe: generations are serialised on the model's one session (a scheduler with several sequences is future
 * work). Closing it releases the file mapping.
 */
public final class LoadedModel implements AutoCloseable {
    private final ModelFile file;
    private final CausalLM model;
    private final Tokenizer tokenizer;
    private final int contextLength;
    private final ModelOptions options;
    private final double loadMillis;
    private final ReentrantLock lock = new ReentrantLock(true);
    private Session session;
    private volatile TokenVocabulary grammarVocabulary;

    LoadedModel(ModelFile file, CausalLM model, int contextLength, ModelOptions options, double loadMillis) {
        this.file = file;
        this.model = model;
        this.tokenizer = Tokenizer.fromMetadata(file.metadata());
        this.contextLength = contextLength;
        this.options = options;
        this.loadMillis = loadMillis;
    }

    public ModelFile file() {
        return file;
    }

    public CausalLM model() {
        return model;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public int contextLength() {
        return contextLength;
    }

    /** Milliseconds from opening the file to a usable model. */
    public double loadMillis() {
        return loadMillis;
    }

    /** Tokenizes {@code text}, adding BOS/EOS as the model's metadata says when {@code addSpecial}. */
    public int[] tokenize(String text, boolean addSpecial, boolean parseSpecial) {
        return tokenizer.encode(text, addSpecial, parseSpecial);
    }

    /**
     * Tokenizes a rendered chat prompt: special tokens written as text become tokens, and BOS is added when the model
     * wants one and the template did not already write it (never twice).
     */
    public int[] tokenizeChat(String prompt) {
        int[] ids = tokenizer.encode(prompt, false, true);
        int bos = tokenizer.bosId();
        if (tokenizer.addBos() && bos >= 0 && (ids.length == 0 || ids[0] != bos)) {
            int[] withBos = new int[ids.length + 1];
            withBos[0] = bos;
            System.arraycopy(ids, 0, withBos, 1, ids.length);
            return withBos;
        }
        return ids;
    }

    public String detokenize(int[] ids) {
        return tokenizer.decode(ids);
    }

    /**
     * A logit processor that keeps generation inside {@code grammar} (GBNF or a JSON Schema's grammar); add it to
     * {@link #generate}'s processors. One per generation.
     */
    public LogitProcessor constrainTo(Grammar grammar) {
        GrammarConstraint constraint = new GrammarConstraint(new GrammarMatcher(grammar, grammarVocabulary()));
        return new LogitProcessor() {
            @Override
            public void process(float[] logits) {
                constraint.mask(logits);
            }

            @Override
            public void accept(int token) {
                constraint.accept(token);
            }
        };
    }

    /** The vocabulary as byte strings in a trie, built once per model on first use. */
    private TokenVocabulary grammarVocabulary() {
        TokenVocabulary v = grammarVocabulary;
        if (v == null) {
            synchronized (this) {
                v = grammarVocabulary;
                if (v == null) {
                    List<byte[]> bytes = new ArrayList<>(tokenizer.vocabSize());
                    for (int id = 0; id < tokenizer.vocabSize(); id++) {
                        bytes.add(tokenizer.pieceBytes(id));
                    }
                    v = TokenVocabulary.of(bytes, tokenizer.endOfGenerationIds());
                    grammarVocabulary = v;
                }
            }
        }
        return v;
    }

    /** Generates greedily or by sampling from a text prompt (BOS added as the model says). */
    public GenerationResult generate(String prompt, int maxTokens, SamplingParams sampling) {
        return generate(new GenerationRequest(tokenize(prompt, true, false), maxTokens, sampling, List.of(), 0, false),
                List.of(), TokenListener.NONE);
    }

    /** Runs one generation; blocks while another generation on this model is running. */
    public GenerationResult generate(GenerationRequest request, List<LogitProcessor> processors, TokenListener listener) {
        lock.lock();
        try {
            if (session == null) {
                session = model.newSession(contextLength, options.kvType(), options.batchSize());
            }
            session.rewind(0);
            return Generator.generate(session, tokenText(), request, new ArrayList<>(processors), listener);
        } finally {
            lock.unlock();
        }
    }

    private TokenText tokenText() {
        return new TokenText() {
            @Override
            public byte[] bytes(int id) {
                return tokenizer.pieceBytes(id);
            }

            @Override
            public Set<Integer> endOfGeneration() {
                return tokenizer.endOfGenerationIds();
            }
        };
    }

    @Override
    public void close() {
        lock.lock();
        try {
            session = null;
            model.close();
            file.close();
        } finally {
            lock.unlock();
        }
    }
}
