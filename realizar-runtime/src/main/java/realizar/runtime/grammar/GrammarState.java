package realizar.runtime.grammar;

import java.util.Arrays;

/**
 * Where a {@link Grammar} match stands after some bytes: the set of stacks still alive (llama.cpp's
 * {@code llama_grammar_stacks}) plus an unfinished UTF-8 sequence, if the bytes so far end inside a code point.
 *
 * <p>Immutable and thread-safe. States are interned per grammar and remember their byte transitions, so the matcher
 * behaves like a lazily built DFA: walking the token trie from a state it has seen before costs one array read per
 * trie node. Obtain states from {@link Grammar#start()} and {@link Grammar#advance}.
 */
public final class GrammarState {
    /** No stack is alive: the bytes so far cannot start any sentence of the grammar. */
    static final GrammarState DEAD = new GrammarState(null, new Frame[0], 0, 0);

    final Grammar grammar;
    /** Live stacks, sorted by hash and without duplicates. */
    final Frame[] stacks;
    /** Bits of the unfinished code point so far, meaningful when {@link #pendingBytes} is not 0. */
    final int pendingValue;
    /** Continuation bytes still missing (low 4 bits) and the sequence's total length (bits 4..7); 0 when none. */
    final int pendingBytes;
    private final int hash;
    private final boolean hasEmptyStack;
    /** Transition by next byte, filled lazily; a benign race at worst computes an entry twice. */
    private final GrammarState[] next = new GrammarState[256];

    GrammarState(Grammar grammar, Frame[] stacks, int pendingValue, int pendingBytes) {
        this.grammar = grammar;
        this.stacks = stacks;
        this.pendingValue = pendingValue;
        this.pendingBytes = pendingBytes;
        this.hash = Arrays.hashCode(stacks) * 31 + pendingValue * 7 + pendingBytes;
        boolean empty = false;
        for (Frame f : stacks) {
            empty |= f == Frame.EMPTY;
        }
        this.hasEmptyStack = empty;
    }

    /** True when the bytes so far form a complete sentence of the grammar (more input may still be allowed). */
    public boolean isComplete() {
        return pendingBytes == 0 && hasEmptyStack;
    }

    /** True when no continuation at all is possible. */
    public boolean isDead() {
        return stacks.length == 0;
    }

    /** True when the state is complete and no further byte is allowed. */
    public boolean isFinished() {
        return isComplete() && stacks.length == 1;
    }

    /** The state after one more byte; {@link #DEAD} when the grammar rejects it. */
    GrammarState step(int b) {
        GrammarState t = next[b & 0xFF];
        if (t == null) {
            t = grammar.computeStep(this, b & 0xFF);
            next[b & 0xFF] = t;
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GrammarState s && s.hash == hash && s.pendingValue == pendingValue
                && s.pendingBytes == pendingBytes && Arrays.equals(s.stacks, stacks);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "GrammarState[" + stacks.length + " stacks" + (pendingBytes != 0 ? ", inside a UTF-8 sequence" : "")
                + (isComplete() ? ", complete" : "") + "]";
    }
}
