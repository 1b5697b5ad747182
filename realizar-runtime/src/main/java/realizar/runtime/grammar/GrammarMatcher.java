package realizar.runtime.grammar;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A grammar judged against a token vocabulary: which tokens may come next, and the state after one. Thread-safe and
 * meant to be shared by all generations that use the same grammar and model; per-generation progress lives in
 * {@link GrammarState} values (or in a {@link GrammarConstraint}).
 *
 * <p>{@link #allowedTokens} walks the vocabulary trie once, stepping the grammar one byte per trie node and skipping
 * the subtree of every prefix the grammar rejects. Because states remember their byte transitions, a walk over
 * states seen before is an array read per node, and the result for a state seen before comes from a small cache.
 */
public final class GrammarMatcher {
    private static final int MASK_CACHE_ENTRIES = 256;

    private final Grammar grammar;
    private final TokenVocabulary vocabulary;
    private final Map<GrammarState, BitSet> maskCache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<GrammarState, BitSet> eldest) {
            return size() > MASK_CACHE_ENTRIES;
        }
    };

    public GrammarMatcher(Grammar grammar, TokenVocabulary vocabulary) {
        this.grammar = grammar;
        this.vocabulary = vocabulary;
    }

    public Grammar grammar() {
        return grammar;
    }

    public TokenVocabulary vocabulary() {
        return vocabulary;
    }

    public GrammarState start() {
        return grammar.start();
    }

    /** Whether token {@code id} may follow {@code state}. */
    public boolean accepts(GrammarState state, int id) {
        if (vocabulary.isEndOfGeneration(id)) {
            return state.isComplete();
        }
        byte[] bytes = vocabulary.bytesOf(id);
        return bytes.length > 0 && grammar.accepts(state, bytes);
    }

    /**
     * The state after token {@code id}, or {@code null} when the grammar rejects it. An end-of-generation token
     * leaves a complete state unchanged.
     */
    public GrammarState advance(GrammarState state, int id) {
        if (vocabulary.isEndOfGeneration(id)) {
            return state.isComplete() ? state : null;
        }
        byte[] bytes = vocabulary.bytesOf(id);
        return bytes.length == 0 ? null : grammar.advance(state, bytes);
    }

    /** Whether the text so far is a complete sentence (end-of-generation tokens are allowed). */
    public boolean isComplete(GrammarState state) {
        return state.isComplete();
    }

    /**
     * Sets in {@code out} exactly the ids of the tokens that may follow {@code state} (clearing the others): tokens
     * whose bytes keep some parse alive, including tokens that end inside a UTF-8 sequence the grammar can still
     * complete, plus the end-of-generation ids when the state is complete. Tokens with no bytes are never allowed.
     */
    public void allowedTokens(GrammarState state, BitSet out) {
        BitSet cached;
        synchronized (maskCache) {
            cached = maskCache.get(state);
        }
        out.clear();
        if (cached != null) {
            out.or(cached);
            return;
        }
        walkTrie(state, out);
        if (state.isComplete()) {
            out.or(vocabulary.endOfGeneration());
        }
        BitSet copy = (BitSet) out.clone();
        synchronized (maskCache) {
            maskCache.put(state, copy);
        }
    }

    /** Fills {@code out} without consulting or filling the mask cache (for tests and benchmarks of the walk). */
    void allowedTokensUncached(GrammarState state, BitSet out) {
        out.clear();
        walkTrie(state, out);
        if (state.isComplete()) {
            out.or(vocabulary.endOfGeneration());
        }
    }

    private void walkTrie(GrammarState state, BitSet out) {
        if (state.isDead()) {
            return;
        }
        TokenVocabulary v = vocabulary;
        byte[] bytes = v.nodeByte;
        int[] depth = v.nodeDepth;
        int[] skip = v.subtreeEnd;
        int[] tokenStart = v.nodeTokenStart;
        int[] tokens = v.nodeTokens;
        GrammarState[] path = new GrammarState[v.maxDepth + 1];
        path[0] = state;
        int n = bytes.length;
        int i = 0;
        while (i < n) {
            int d = depth[i];
            GrammarState next = path[d - 1].step(bytes[i]);
            if (next == GrammarState.DEAD) {
                i = skip[i];
                continue;
            }
            path[d] = next;
            for (int k = tokenStart[i], end = tokenStart[i + 1]; k < end; k++) {
                out.set(tokens[k]);
            }
            i++;
        }
    }
}
