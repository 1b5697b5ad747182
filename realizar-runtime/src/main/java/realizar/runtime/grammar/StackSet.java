package realizar.runtime.grammar;

import java.util.Arrays;

/**
 * The set of matcher stacks still alive after a whole number of code points (llama.cpp's
 * {@code llama_grammar_stacks}), interned per grammar. Each set remembers its transition for every code point it has
 * been asked about, by code point class, so the matcher behaves like a lazily built DFA over the sets it actually
 * meets: walking the token trie over sets seen before costs an array read per code point.
 *
 * <p>Immutable apart from the transition caches, which only ever gain entries; thread-safe.
 */
final class StackSet {
    /** No stack is alive. */
    static final StackSet DEAD = new StackSet(null, new Frame[0]);

    final Grammar grammar;
    /** Live stacks, sorted by hash and without duplicates. */
    final Frame[] stacks;
    final boolean hasEmptyStack;
    private final int hash;
    /**
     * Transition per code point class of the grammar (code points no character set tells apart share a class),
     * allocated on first use; a benign race at worst computes an entry twice.
     */
    private StackSet[] byClass;
    /** Transition per ASCII code point, the common case in trie walks; entries are copied from the class table. */
    private StackSet[] byAscii;
    /** Union of the character sets on top of the stacks, for judging unfinished UTF-8 sequences; lazily built. */
    private CharSet nextChars;

    StackSet(Grammar grammar, Frame[] stacks) {
        this.grammar = grammar;
        this.stacks = stacks;
        this.hash = Arrays.hashCode(stacks);
        boolean empty = false;
        for (Frame f : stacks) {
            empty |= f == Frame.EMPTY;
        }
        this.hasEmptyStack = empty;
    }

    boolean isDead() {
        return stacks.length == 0;
    }

    /** The set after code point {@code cp}; {@link #DEAD} when no stack accepts it. */
    StackSet step(int cp) {
        if (cp < 128) {
            StackSet[] ascii = byAscii;
            if (ascii == null) {
                ascii = new StackSet[128];
                byAscii = ascii;
            }
            StackSet t = ascii[cp];
            if (t == null) {
                t = stepByClass(cp);
                ascii[cp] = t;
            }
            return t;
        }
        return stepByClass(cp);
    }

    private StackSet stepByClass(int cp) {
        StackSet[] table = byClass;
        if (table == null) {
            table = new StackSet[grammar.classCount()];
            byClass = table;
        }
        int c = grammar.classOf(cp);
        StackSet t = table[c];
        if (t == null) {
            t = grammar.computeStep(this, cp);
            table[c] = t;
        }
        return t;
    }

    /** Whether some stack's next character set holds a code point in {@code lo..hi} (an unfinished UTF-8 sequence). */
    boolean anyAccepts(int lo, int hi) {
        CharSet union = nextChars;
        if (union == null) {
            union = grammar.unionOfTops(this);
            nextChars = union;
        }
        return union.intersects(lo, hi);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StackSet s && s.hash == hash && Arrays.equals(s.stacks, stacks);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
