package realizar.runtime.grammar;

import java.util.List;

/** The parsed form of a rule body, before repetitions and groups are flattened into rules. */
sealed interface GrammarNode {
    /** One code point from a set. */
    record Chars(CharSet set) implements GrammarNode {
    }

    /** A reference to a named rule; line and column locate it for "undefined rule" errors. */
    record Ref(String name, int line, int column) implements GrammarNode {
    }

    /** Elements one after another; empty means the empty string. */
    record Seq(List<GrammarNode> items) implements GrammarNode {
    }

    /** Alternatives. */
    record Alt(List<GrammarNode> options) implements GrammarNode {
    }

    /** {@code min} to {@code max} repetitions; {@code max < 0} means unbounded. */
    record Repeat(GrammarNode item, int min, int max) implements GrammarNode {
    }
}
