package realizar.runtime.grammar;

/**
 * Where a {@link Grammar} match stands after some bytes: the live stacks plus, when the bytes end inside a UTF-8
 * sequence (a token may end in the middle of a code point), that unfinished sequence. Immutable value; thread-safe.
 * Obtain states from {@link Grammar#start()} and {@link Grammar#advance}.
 */
public final class GrammarState {
    final StackSet stacks;
    /** Bits of the unfinished code point so far; meaningful when {@link #pending} is not 0. */
    final int pendingValue;
    /** {@link Utf8#pending} packing of the sequence length and the bytes still missing; 0 when none. */
    final int pending;

    GrammarState(StackSet stacks, int pendingValue, int pending) {
        this.stacks = stacks;
        this.pendingValue = pendingValue;
        this.pending = pending;
    }

    /** True when the bytes so far form a complete sentence of the grammar (more input may still be allowed). */
    public boolean isComplete() {
        return pending == 0 && stacks.hasEmptyStack;
    }

    /** True when no continuation at all is possible. */
    public boolean isDead() {
        return stacks.isDead();
    }

    /** True when the sentence is complete and no further byte is allowed. */
    public boolean isFinished() {
        return isComplete() && stacks.stacks.length == 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GrammarState s && s.pendingValue == pendingValue && s.pending == pending
                && s.stacks.equals(stacks);
    }

    @Override
    public int hashCode() {
        return stacks.hashCode() * 31 + pendingValue * 7 + pending;
    }

    @Override
    public String toString() {
        return "GrammarState[" + stacks.stacks.length + " stacks" + (pending != 0 ? ", inside a UTF-8 sequence" : "")
                + (isComplete() ? ", complete" : "") + "]";
    }
}
