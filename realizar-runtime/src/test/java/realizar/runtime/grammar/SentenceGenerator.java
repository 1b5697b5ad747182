package realizar.runtime.grammar;

import java.util.Arrays;
import java.util.Random;

/**
 * Random sentences of a compiled {@link Grammar}, by walking its rules directly (not through the matcher). Past a
 * depth limit it takes each rule's shortest alternative, so recursive grammars stop.
 */
final class SentenceGenerator {
    private static final int SOFT_DEPTH = 12;

    private final Grammar g;
    private final Random rng;
    private final int[] minLength;

    SentenceGenerator(Grammar grammar, Random rng) {
        this.g = grammar;
        this.rng = rng;
        this.minLength = shortestLengths(grammar);
    }

    String next(String rootRule) {
        int root = -1;
        for (int r = 0; r < g.ruleCount(); r++) {
            if (g.ruleName(r).equals(rootRule)) {
                root = r;
            }
        }
        StringBuilder sb = new StringBuilder();
        rule(root, 0, sb);
        return sb.toString();
    }

    private void rule(int rule, int depth, StringBuilder sb) {
        int[] alts = g.alternatives(rule);
        int pick;
        if (depth > SOFT_DEPTH) {
            pick = alts[0];
            for (int a : alts) {
                if (alternativeLength(a) < alternativeLength(pick)) {
                    pick = a;
                }
            }
        } else {
            pick = alts[rng.nextInt(alts.length)];
        }
        for (int p = pick; g.kind(p) != GrammarCompiler.END; p++) {
            if (g.kind(p) == GrammarCompiler.REF) {
                rule(g.arg(p), depth + 1, sb);
            } else {
                sb.appendCodePoint(randomMember(g.charSet(p)));
            }
        }
    }

    private int randomMember(CharSet set) {
        while (true) {
            int i = rng.nextInt(set.rangeCount());
            int lo = set.rangeStart(i);
            int hi = Math.min(set.rangeEnd(i), rng.nextInt(4) == 0 ? set.rangeEnd(i) : lo + 200);
            int cp = lo + rng.nextInt(hi - lo + 1);
            if (cp < 0xD800 || cp > 0xDFFF) {
                return cp;
            }
        }
    }

    private int alternativeLength(int start) {
        long total = 0;
        for (int p = start; g.kind(p) != GrammarCompiler.END; p++) {
            total += g.kind(p) == GrammarCompiler.REF ? minLength[g.arg(p)] : 1;
        }
        return (int) Math.min(total, Integer.MAX_VALUE / 2);
    }

    /** Length of each rule's shortest sentence, by fixpoint. */
    private static int[] shortestLengths(Grammar g) {
        int[] len = new int[g.ruleCount()];
        Arrays.fill(len, Integer.MAX_VALUE / 2);
        for (boolean changed = true; changed; ) {
            changed = false;
            for (int r = 0; r < g.ruleCount(); r++) {
                for (int a : g.alternatives(r)) {
                    long total = 0;
                    for (int p = a; g.kind(p) != GrammarCompiler.END; p++) {
                        total += g.kind(p) == GrammarCompiler.REF ? len[g.arg(p)] : 1;
                    }
                    if (total < len[r]) {
                        len[r] = (int) total;
                        changed = true;
                    }
                }
            }
        }
        return len;
    }
}
