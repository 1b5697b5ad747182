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
 * the subtree of every prefix the grammar rejects. Because stack sets remember their transitions, a walk over
 * states seen before is an array read per code point, and the result for a state seen before comes from a small cache.
 */
public final class GrammarMatcher {
    private static final int MASK_CACHE_ENTRIES = 256;

    private final Grammar grammar;
    private final TokenVocabulary vocabulary;
    private final Map<GrammarState, long[]> maskCache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<GrammarState, long[]> eldest) {
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
        out.clear();
        out.or(BitSet.valueOf(allowedWords(state)));
    }

    /** The allowed-token mask as BitSet-style words (bit {@code id % 64} of word {@code id / 64}); do not modify. */
    long[] allowedWords(GrammarState state) {
        long[] cached;
        synchronized (maskCache) {
            cached = maskCache.get(state);
        }
        if (cached == null) {
            cached = computeMask(state);
            synchronized (maskCache) {
                maskCache.put(state, cached);
            }
        }
        return cached;
    }

    /** Fills {@code out} without consulting or filling the mask cache (for tests and benchmarks of the walk). */
    void allowedTokensUncached(GrammarState state, BitSet out) {
        out.clear();
        out.or(BitSet.valueOf(computeMask(state)));
    }

    private long[] computeMask(GrammarState state) {
        long[] words = new long[(vocabulary.size() + 63) >>> 6];
        walkTrie(state, words);
        if (state.isComplete()) {
            long[] eog = vocabulary.endOfGeneration().toLongArray();
            for (int w = 0; w < eog.length; w++) {
                words[w] |= eog[w];
            }
        }
        return words;
    }

    /**
     * Depth-first over the trie; per depth the stack set reached and any unfinished UTF-8 sequence. A rejected byte
     * skips the node's whole subtree.
     */
    private void walkTrie(GrammarState state, long[] out) {
        if (state.isDead()) {
            return;
        }
        TokenVocabulary v = vocabulary;
        byte[] bytes = v.nodeByte;
        int[] depth = v.nodeDepth;
        int[] skip = v.subtreeEnd;
        int[] tokenStart = v.nodeTokenStart;
        int[] tokens = v.nodeTokens;
        StackSet[] sets = new StackSet[v.maxDepth + 1];
        int[] values = new int[v.maxDepth + 1];
        int[] pendings = new int[v.maxDepth + 1];
        sets[0] = state.stacks;
        values[0] = state.pendingValue;
        pendings[0] = state.pending;
        int n = bytes.length;
        int i = 0;
        while (i < n) {
            int d = depth[i];
            int b = bytes[i] & 0xFF;
            StackSet set = sets[d - 1];
            int pending = pendings[d - 1];
            int value = 0;
            if (pending == 0) {
                if (b < 0x80) {
                    set = set.step(b);
                    if (set.isDead()) {
                        i = skip[i];
                        continue;
                    }
                } else {
                    int length = Utf8.leadLength(b);
                    if (length == 0) {
                        i = skip[i];
                        continue;
                    }
                    value = Utf8.leadBits(b, length);
                    pending = Utf8.pending(length, length - 1);
                    if (!Grammar.viable(set, value, pending)) {
                        i = skip[i];
                        continue;
                    }
                }
            } else {
                if ((b & 0xC0) != 0x80) {
                    i = skip[i];
                    continue;
                }
                value = values[d - 1] << 6 | (b & 0x3F);
                int length = Utf8.length(pending);
                int remaining = Utf8.remaining(pending) - 1;
                if (remaining > 0) {
                    pending = Utf8.pending(length, remaining);
                    if (!Grammar.viable(set, value, pending)) {
                        i = skip[i];
                        continue;
                    }
                } else {
                    set = Utf8.valid(value, length) ? set.step(value) : StackSet.DEAD;
                    value = 0;
                    pending = 0;
                    if (set.isDead()) {
                        i = skip[i];
                        continue;
                    }
                }
            }
            sets[d] = set;
            values[d] = value;
            pendings[d] = pending;
            for (int k = tokenStart[i], end = tokenStart[i + 1]; k < end; k++) {
                int id = tokens[k];
                out[id >>> 6] |= 1L << id;
            }
            i++;
        }
    }
}
