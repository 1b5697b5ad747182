package realizar.runtime.grammar;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/**
 * A compiled context-free grammar over Unicode text, matched byte by byte as UTF-8, and the pushdown matcher that runs
 * it. Build one with {@link #parse(String)} (llama.cpp GBNF) or {@link #fromJsonSchema(String)}.
 *
 * <p>Thread-safe: one grammar may serve many generations at once. It keeps a bounded cache of the states it has
 * reached and their transitions (see {@code StackSet}); the cache only makes repeated work cheap.
 */
public final class Grammar {
    /** Above this many interned states the intern table is dropped and refilled (states stay valid). */
    private static final int MAX_INTERNED_STATES = 100_000;
    /** Guards against grammars so ambiguous that the stack set explodes. */
    private static final int MAX_STACKS = 10_000;

    private final String source;
    private final String[] ruleNames;
    private final int[][] ruleStarts;
    private final int[] kinds;
    private final int[] args;
    private final CharSet[] charSets;
    private final int root;
    private final ConcurrentHashMap<StackSet, StackSet> interned = new ConcurrentHashMap<>();
    private volatile GrammarState start;
    /** Code point class boundaries: class of cp = number of boundaries at or below cp. */
    private final int[] classBoundaries;
    private final byte[] asciiClass = new byte[128];

    Grammar(String source, String[] ruleNames, int[][] ruleStarts, int[] kinds, int[] args, CharSet[] charSets,
            int root) {
        this.source = source;
        this.ruleNames = ruleNames;
        this.ruleStarts = ruleStarts;
        this.kinds = kinds;
        this.args = args;
        this.charSets = charSets;
        this.root = root;
        java.util.TreeSet<Integer> bounds = new java.util.TreeSet<>();
        for (CharSet set : charSets) {
            for (int i = 0; i < set.rangeCount(); i++) {
                bounds.add(set.rangeStart(i));
                bounds.add(set.rangeEnd(i) + 1);
            }
        }
        this.classBoundaries = bounds.stream().mapToInt(Integer::intValue).toArray();
        for (int cp = 0; cp < 128; cp++) {
            asciiClass[cp] = (byte) classOfSlow(cp);
        }
    }

    int classCount() {
        return classBoundaries.length + 1;
    }

    /** The code point's class: code points of one class belong to exactly the same character sets. */
    int classOf(int cp) {
        return cp < 128 && classBoundaries.length < 127 ? asciiClass[cp] : classOfSlow(cp);
    }

    private int classOfSlow(int cp) {
        int lo = 0;
        int hi = classBoundaries.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (classBoundaries[mid] <= cp) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    CharSet unionOfTops(StackSet s) {
        java.util.List<CharSet> tops = new java.util.ArrayList<>();
        for (Frame f : s.stacks) {
            if (f != Frame.EMPTY) {
                tops.add(charSets[args[f.pos]]);
            }
        }
        return CharSet.union(tops);
    }

    /** Compiles GBNF text whose start rule is {@code root}. Errors name line and column. */
    public static Grammar parse(String gbnf) {
        return parse(gbnf, "root");
    }

    /** Compiles GBNF text starting at rule {@code rootRule}. */
    public static Grammar parse(String gbnf, String rootRule) {
        return GrammarCompiler.compile(gbnf, GbnfParser.parse(gbnf), rootRule);
    }

    /** Compiles a JSON Schema (as JSON text) through {@link JsonSchemaConverter}. */
    public static Grammar fromJsonSchema(String schemaJson) {
        return parse(JsonSchemaConverter.toGbnf(schemaJson));
    }

    /** The GBNF text this grammar was compiled from. */
    public String source() {
        return source;
    }

    /** The state before any input. */
    public GrammarState start() {
        GrammarState s = start;
        if (s == null) {
            Set<Frame> out = new LinkedHashSet<>();
            for (int alt : ruleStarts[root]) {
                expand(new Frame(alt, Frame.EMPTY), out);
            }
            s = new GrammarState(intern(out), 0, 0);
            start = s;
        }
        return s;
    }

    /** The state after {@code bytes}, or {@code null} when the grammar rejects them. */
    public GrammarState advance(GrammarState state, byte[] bytes) {
        StackSet set = state.stacks;
        int value = state.pendingValue;
        int pending = state.pending;
        for (byte x : bytes) {
            int b = x & 0xFF;
            if (pending == 0) {
                if (b < 0x80) {
                    set = set.step(b);
                    if (set.isDead()) {
                        return null;
                    }
                    continue;
                }
                int length = Utf8.leadLength(b);
                if (length == 0) {
                    return null;
                }
                value = Utf8.leadBits(b, length);
                pending = Utf8.pending(length, length - 1);
                if (!viable(set, value, pending)) {
                    return null;
                }
            } else {
                if ((b & 0xC0) != 0x80) {
                    return null;
                }
                value = value << 6 | (b & 0x3F);
                int length = Utf8.length(pending);
                int remaining = Utf8.remaining(pending) - 1;
                if (remaining > 0) {
                    pending = Utf8.pending(length, remaining);
                    if (!viable(set, value, pending)) {
                        return null;
                    }
                } else {
                    if (!Utf8.valid(value, length)) {
                        return null;
                    }
                    set = set.step(value);
                    value = 0;
                    pending = 0;
                    if (set.isDead()) {
                        return null;
                    }
                }
            }
        }
        return new GrammarState(set, value, pending);
    }

    /** Whether some stack can still match a code point that starts with this unfinished UTF-8 sequence. */
    static boolean viable(StackSet set, int value, int pending) {
        int length = Utf8.length(pending);
        int remaining = Utf8.remaining(pending);
        int lo = Utf8.rangeLow(value, length, remaining);
        return lo >= 0 && set.anyAccepts(lo, Utf8.rangeHigh(value, length, remaining));
    }

    /** Whether {@code bytes} may follow {@code state} (they need not complete the sentence). */
    public boolean accepts(GrammarState state, byte[] bytes) {
        return advance(state, bytes) != null;
    }

    /** Whether the input that led to {@code state} is a complete sentence. */
    public boolean isComplete(GrammarState state) {
        return state.isComplete();
    }

    /** Whether the whole of {@code text} is a sentence of the grammar. */
    public boolean matches(String text) {
        GrammarState s = advance(start(), text.getBytes(StandardCharsets.UTF_8));
        return s != null && s.isComplete();
    }

    @Override
    public String toString() {
        return source;
    }

    /** The stacks after code point {@code cp}: every stack whose next set holds it moves on and is expanded. */
    StackSet computeStep(StackSet s, int cp) {
        Set<Frame> out = new LinkedHashSet<>();
        for (Frame f : s.stacks) {
            if (f != Frame.EMPTY && charSets[args[f.pos]].contains(cp)) {
                expand(new Frame(f.pos + 1, f.parent), out);
            }
        }
        return intern(out);
    }

    /** Pushes rule references until the top of every resulting stack is a character element (or the stack is empty). */
    private void expand(Frame frame, Set<Frame> out) {
        Frame f = frame;
        while (f != Frame.EMPTY && kinds[f.pos] == GrammarCompiler.END) {
            f = f.parent;
        }
        if (f == Frame.EMPTY || kinds[f.pos] == GrammarCompiler.CHAR) {
            out.add(f);
            if (out.size() > MAX_STACKS) {
                throw new RealizarException(ErrorCode.UNSUPPORTED_OPERATION,
                        "grammar is too ambiguous: more than " + MAX_STACKS + " parses are alive at once");
            }
            return;
        }
        int next = f.pos + 1;
        Frame continuation = kinds[next] == GrammarCompiler.END ? f.parent : new Frame(next, f.parent);
        for (int alt : ruleStarts[args[f.pos]]) {
            expand(new Frame(alt, continuation), out);
        }
    }

    private StackSet intern(Set<Frame> frames) {
        if (frames.isEmpty()) {
            return StackSet.DEAD;
        }
        Frame[] stacks = frames.toArray(Frame[]::new);
        Arrays.sort(stacks, Comparator.comparingInt(Frame::hashCode));
        StackSet fresh = new StackSet(this, stacks);
        if (interned.size() > MAX_INTERNED_STATES) {
            interned.clear();
        }
        StackSet existing = interned.putIfAbsent(fresh, fresh);
        return existing != null ? existing : fresh;
    }

    CharSet charSetAt(int pos) {
        return charSets[args[pos]];
    }

    int ruleCount() {
        return ruleNames.length;
    }

    String ruleName(int rule) {
        return ruleNames[rule];
    }

    int[] alternatives(int rule) {
        return ruleStarts[rule];
    }

    int kind(int pos) {
        return kinds[pos];
    }

    int arg(int pos) {
        return args[pos];
    }

    CharSet charSet(int pos) {
        return charSets[args[pos]];
    }
}
