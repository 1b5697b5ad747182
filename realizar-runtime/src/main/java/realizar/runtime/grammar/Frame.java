package realizar.runtime.grammar;

/**
 * One entry of a matcher stack: a position in the grammar program plus the frame below it. Stacks are persistent
 * linked lists, so the many stacks of one state and of successive states share their tails. The top frame of a live
 * stack always points at a character element; the frames below point at what follows a rule reference.
 * {@link #EMPTY} is the stack with nothing left to match, present exactly when the input so far is a full match.
 */
final class Frame {
    static final Frame EMPTY = new Frame();

    final int pos;
    final Frame parent;
    final int depth;
    private final int hash;

    Frame(int pos, Frame parent) {
        this.pos = pos;
        this.parent = parent;
        this.depth = parent.depth + 1;
        this.hash = parent.hash * 31 + pos + 1;
    }

    private Frame() {
        this.pos = -1;
        this.parent = null;
        this.depth = 0;
        this.hash = 17;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Frame other)) {
            return false;
        }
        Frame a = this;
        Frame b = other;
        while (a != b) {
            if (a.hash != b.hash || a.pos != b.pos || a.depth != b.depth) {
                return false;
            }
            a = a.parent;
            b = b.parent;
        }
        return true;
    }
}
