package realizar.runtime.grammar;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/**
 * A compiled context-free grammar over Unicode text, matched byte by byte as UTF-8, and the pushdown matcher that runs
 * it. Build one with {@link #parse(String)} (llama.cpp GBNF) or {@link #fromJsonSchema(String)}.
 *
 * <p>Thread-safe: one grammar may serve many generations at once. It keeps a bounded cache of the states it has
 * reached and their byte transitions (see {@link GrammarState}); the cache only makes repeated work cheap.
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
    private final ConcurrentHashMap<GrammarState, GrammarState> interned = new ConcurrentHashMap<>();
    private volatile GrammarState start;

    Grammar(String source, String[] ruleNames, int[][] ruleStarts, int[] kinds, int[] args, CharSet[] charSets,
            int root) {
        this.source = source;
        this.ruleNames = ruleNames;
        this.ruleStarts = ruleStarts;
        this.kinds = kinds;
        this.args = args;
        this.charSets = charSets;
        this.root = root;
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
            s = intern(out, 0, 0);
            start = s;
        }
        return s;
    }

    /** The state after {@code bytes}, or {@code null} when the grammar rejects them. */
    public GrammarState advance(GrammarState state, byte[] bytes) {
        GrammarState s = state;
        for (byte b : bytes) {
            s = s.step(b);
            if (s == GrammarState.DEAD) {
                return null;
            }
        }
        return s;
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

    GrammarState computeStep(GrammarState s, int b) {
        if (s.pendingBytes == 0) {
            if (b < 0x80) {
                return advanceCodePoint(s, b);
            }
            if (b >= 0xC2 && b <= 0xDF) {
                return pending(s, b & 0x1F, 2, 1);
            }
            if (b >= 0xE0 && b <= 0xEF) {
                return pending(s, b & 0x0F, 3, 2);
            }
            if (b >= 0xF0 && b <= 0xF4) {
                return pending(s, b & 0x07, 4, 3);
            }
            return GrammarState.DEAD;
        }
        if ((b & 0xC0) != 0x80) {
            return GrammarState.DEAD;
        }
        int value = s.pendingValue << 6 | (b & 0x3F);
        int remaining = (s.pendingBytes & 0xF) - 1;
        int length = s.pendingBytes >>> 4;
        if (remaining > 0) {
            return pending(s, value, length, remaining);
        }
        if (value < minCodePoint(length) || value >= 0xD800 && value <= 0xDFFF || value > CharSet.MAX_CODE_POINT) {
            return GrammarState.DEAD;
        }
        return advanceCodePoint(s, value);
    }

    private static int minCodePoint(int length) {
        return length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
    }

    /** Keeps the stacks whose next character set holds some code point that starts with these bytes. */
    private GrammarState pending(GrammarState s, int value, int length, int remaining) {
        int lo = Math.max(value << (6 * remaining), minCodePoint(length));
        int hi = Math.min(value << (6 * remaining) | ((1 << (6 * remaining)) - 1),
                length == 2 ? 0x7FF : length == 3 ? 0xFFFF : CharSet.MAX_CODE_POINT);
        if (lo > hi || lo >= 0xD800 && hi <= 0xDFFF) {
            return GrammarState.DEAD;
        }
        List<Frame> kept = new ArrayList<>();
        for (Frame f : s.stacks) {
            if (f != Frame.EMPTY && charSets[args[f.pos]].intersects(lo, hi)) {
                kept.add(f);
            }
        }
        return intern(kept, value, length << 4 | remaining);
    }

    private GrammarState advanceCodePoint(GrammarState s, int cp) {
        Set<Frame> out = new LinkedHashSet<>();
        for (Frame f : s.stacks) {
            if (f != Frame.EMPTY && charSets[args[f.pos]].contains(cp)) {
                expand(new Frame(f.pos + 1, f.parent), out);
            }
        }
        return intern(out, 0, 0);
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

    private GrammarState intern(java.util.Collection<Frame> frames, int pendingValue, int pendingBytes) {
        if (frames.isEmpty()) {
            return GrammarState.DEAD;
        }
        Frame[] stacks = frames.toArray(Frame[]::new);
        Arrays.sort(stacks, Comparator.comparingInt(Frame::hashCode));
        GrammarState fresh = new GrammarState(this, stacks, pendingValue, pendingBytes);
        if (interned.size() > MAX_INTERNED_STATES) {
            interned.clear();
        }
        GrammarState existing = interned.putIfAbsent(fresh, fresh);
        return existing != null ? existing : fresh;
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
