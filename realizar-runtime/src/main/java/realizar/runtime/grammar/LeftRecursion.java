package realizar.runtime.grammar;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/**
 * Rejects left-recursive grammars ({@code a ::= a "x" | "y"}, also through rules that can match nothing): a
 * top-down matcher expanding them would never stop. Same check as llama.cpp's {@code detect_left_recursion}.
 */
final class LeftRecursion {
    private LeftRecursion() {
    }

    static void check(Grammar g) {
        int n = g.ruleCount();
        boolean[] nullable = new boolean[n];
        for (boolean changed = true; changed; ) {
            changed = false;
            for (int r = 0; r < n; r++) {
                if (!nullable[r] && anyAlternativeNullable(g, r, nullable)) {
                    nullable[r] = true;
                    changed = true;
                }
            }
        }
        int[] mark = new int[n]; // 0 unvisited, 1 on the path, 2 done
        for (int r = 0; r < n; r++) {
            visit(g, r, nullable, mark);
        }
    }

    private static boolean anyAlternativeNullable(Grammar g, int rule, boolean[] nullable) {
        for (int start : g.alternatives(rule)) {
            int p = start;
            while (g.kind(p) == GrammarCompiler.REF && nullable[g.arg(p)]) {
                p++;
            }
            if (g.kind(p) == GrammarCompiler.END) {
                return true;
            }
        }
        return false;
    }

    private static void visit(Grammar g, int rule, boolean[] nullable, int[] mark) {
        if (mark[rule] == 2) {
            return;
        }
        if (mark[rule] == 1) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT,
                    "GBNF rule '" + g.ruleName(rule) + "' is left-recursive");
        }
        mark[rule] = 1;
        for (int start : g.alternatives(rule)) {
            for (int p = start; g.kind(p) == GrammarCompiler.REF; p++) {
                visit(g, g.arg(p), nullable, mark);
                if (!nullable[g.arg(p)]) {
                    break;
                }
            }
        }
        mark[rule] = 2;
    }
}
