package realizar.runtime.grammar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Flattens parsed rules into the program a {@link Grammar} runs: every rule is a list of alternatives, every
 * alternative a run of elements (a character set or a rule reference) closed by an END element. Groups with several
 * alternatives and repetitions become generated rules, as llama.cpp does: {@code x*} is {@code r ::= x r | },
 * {@code x{2,4}} is {@code x x r2} with {@code r2 ::= x r1 | } and {@code r1 ::= x | }.
 */
final class GrammarCompiler {
    static final int CHAR = 0;
    static final int REF = 1;
    static final int END = 2;

    private final Map<String, GbnfParser.RuleDef> defs;
    private final Map<String, Integer> ruleIds = new HashMap<>();
    private final List<String> ruleNames = new ArrayList<>();
    /** Per rule, its alternatives, each a list of encoded elements (kind << 28 | argument). */
    private final List<List<List<Integer>>> ruleBodies = new ArrayList<>();
    private final List<CharSet> charSets = new ArrayList<>();
    private final Map<CharSet, Integer> charSetIds = new HashMap<>();

    private GrammarCompiler(Map<String, GbnfParser.RuleDef> defs) {
        this.defs = defs;
    }

    static Grammar compile(String source, Map<String, GbnfParser.RuleDef> defs, String rootName) {
        GrammarCompiler compiler = new GrammarCompiler(defs);
        if (!defs.containsKey(rootName)) {
            throw GbnfParser.error(1, 1, "the grammar has no rule named '" + rootName + "'");
        }
        for (String name : defs.keySet()) {
            compiler.ruleId(name);
        }
        for (GbnfParser.RuleDef def : defs.values()) {
            compiler.ruleBodies.set(compiler.ruleIds.get(def.name()), compiler.alternatives(def.body()));
        }
        return compiler.link(source, compiler.ruleIds.get(rootName));
    }

    private int ruleId(String name) {
        Integer id = ruleIds.get(name);
        if (id == null) {
            id = ruleNames.size();
            ruleIds.put(name, id);
            ruleNames.add(name);
            ruleBodies.add(null);
        }
        return id;
    }

    private int newRule(String hint) {
        String name = hint + "-" + ruleNames.size();
        while (ruleIds.containsKey(name) || defs.containsKey(name)) {
            name = name + "_";
        }
        return ruleId(name);
    }

    private List<List<Integer>> alternatives(GrammarNode node) {
        List<List<Integer>> alts = new ArrayList<>();
        if (node instanceof GrammarNode.Alt alt) {
            for (GrammarNode option : alt.options()) {
                alts.add(sequence(option));
            }
        } else {
            alts.add(sequence(node));
        }
        return alts;
    }

    private List<Integer> sequence(GrammarNode node) {
        List<Integer> out = new ArrayList<>();
        emit(node, out);
        return out;
    }

    private void emit(GrammarNode node, List<Integer> out) {
        switch (node) {
            case GrammarNode.Chars c -> out.add(CHAR << 28 | charSetId(c.set()));
            case GrammarNode.Ref r -> {
                if (!defs.containsKey(r.name())) {
                    throw GbnfParser.error(r.line(), r.column(), "undefined rule '" + r.name() + "'");
                }
                out.add(REF << 28 | ruleIds.get(r.name()));
            }
            case GrammarNode.Seq s -> s.items().forEach(item -> emit(item, out));
            case GrammarNode.Alt a -> out.add(REF << 28 | define("alt", alternatives(a)));
            case GrammarNode.Repeat rep -> emitRepeat(rep, out);
        }
    }

    private void emitRepeat(GrammarNode.Repeat rep, List<Integer> out) {
        List<Integer> item = new ArrayList<>();
        emit(rep.item(), item);
        for (int i = 0; i < rep.min(); i++) {
            out.addAll(item);
        }
        if (rep.max() < 0) {
            int star = newRule("star");
            List<Integer> again = new ArrayList<>(item);
            again.add(REF << 28 | star);
            ruleBodies.set(star, List.of(again, List.of()));
            out.add(REF << 28 | star);
        } else if (rep.max() > rep.min()) {
            int optional = define("opt", List.of(item, List.of()));
            for (int i = rep.min() + 1; i < rep.max(); i++) {
                List<Integer> more = new ArrayList<>(item);
                more.add(REF << 28 | optional);
                optional = define("opt", List.of(more, List.of()));
            }
            out.add(REF << 28 | optional);
        }
    }

    private int define(String hint, List<List<Integer>> alts) {
        int id = newRule(hint);
        ruleBodies.set(id, alts);
        return id;
    }

    private int charSetId(CharSet set) {
        return charSetIds.computeIfAbsent(set, s -> {
            charSets.add(s);
            return charSets.size() - 1;
        });
    }

    private Grammar link(String source, int root) {
        int size = 0;
        for (List<List<Integer>> alts : ruleBodies) {
            for (List<Integer> alt : alts) {
                size += alt.size() + 1;
            }
        }
        int[] kinds = new int[size];
        int[] args = new int[size];
        int[][] starts = new int[ruleBodies.size()][];
        int p = 0;
        for (int r = 0; r < ruleBodies.size(); r++) {
            List<List<Integer>> alts = ruleBodies.get(r);
            starts[r] = new int[alts.size()];
            for (int a = 0; a < alts.size(); a++) {
                starts[r][a] = p;
                for (int element : alts.get(a)) {
                    kinds[p] = element >>> 28;
                    args[p++] = element & 0x0FFFFFFF;
                }
                kinds[p] = END;
                args[p++] = r;
            }
        }
        Grammar grammar = new Grammar(source, ruleNames.toArray(String[]::new), starts, kinds, args,
                charSets.toArray(CharSet[]::new), root);
        LeftRecursion.check(grammar);
        return grammar;
    }
}
