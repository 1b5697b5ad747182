package realizar.runtime.grammar;

import java.util.BitSet;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/**
 * One generation's grammar constraint, shaped as a logit processor: before sampling call {@link #mask(float[])}, after
 * sampling call {@link #accept(int)}. Independent of the sampler's own types (plain logits and token ids), so the
 * sampler wraps it in a line or two. Not thread-safe: one instance per generation; the {@link GrammarMatcher} it
 * uses is shared.
 */
public final class GrammarConstraint {
    private final GrammarMatcher matcher;
    private final BitSet allowed;
    private GrammarState state;
    private GrammarState maskedFor;

    public GrammarConstraint(GrammarMatcher matcher) {
        this.matcher = matcher;
        this.allowed = new BitSet(matcher.vocabulary().size());
        this.state = matcher.start();
    }

    /**
     * Sets the logit of every token the grammar does not allow next to negative infinity. {@code logits} may be
     * longer than the vocabulary (padded output rows): the extra entries are disallowed too.
     */
    public void mask(float[] logits) {
        long[] words = matcher.allowedWords(state);
        for (int w = 0; w * 64 < logits.length; w++) {
            long word = w < words.length ? words[w] : 0L;
            int base = w * 64;
            int end = Math.min(base + 64, logits.length);
            if (word == 0) {
                java.util.Arrays.fill(logits, base, end, Float.NEGATIVE_INFINITY);
            } else if (word != -1L) {
                for (long clear = ~word; clear != 0; clear &= clear - 1) {
                    int id = base + Long.numberOfTrailingZeros(clear);
                    if (id < end) {
                        logits[id] = Float.NEGATIVE_INFINITY;
                    }
                }
            }
        }
    }

    /** The tokens allowed next (owned by this constraint, valid until the next {@link #accept}). */
    public BitSet allowedTokens() {
        if (maskedFor != state) {
            matcher.allowedTokens(state, allowed);
            maskedFor = state;
        }
        return allowed;
    }

    /** Advances past the sampled token. Throws INVALID_ARGUMENT when the grammar does not allow it. */
    public void accept(int tokenId) {
        if (tokenId < 0 || tokenId >= matcher.vocabulary().size()) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "token id " + tokenId + " is outside the vocabulary");
        }
        GrammarState next = matcher.advance(state, tokenId);
        if (next == null) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT,
                    "token " + tokenId + " is not allowed by the grammar here");
        }
        state = next;
    }

    /** Whether the text so far is a complete sentence of the grammar. */
    public boolean isComplete() {
        return state.isComplete();
    }

    /**
     * Whether generation must stop: the sentence is complete and the grammar allows no further byte (e.g. a JSON
     * document after its bounded trailing whitespace). A sampler may also stop on an end-of-generation token.
     */
    public boolean isFinished() {
        return state.isFinished();
    }

    /** The current matcher state, for callers that keep several candidates (beam search, speculative decoding). */
    public GrammarState state() {
        return state;
    }

    /** Back to the start, for reuse in a new generation. */
    public void reset() {
        state = matcher.start();
        maskedFor = null;
    }
}
