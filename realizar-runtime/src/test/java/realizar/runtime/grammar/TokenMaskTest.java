package realizar.runtime.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import realizar.api.RealizarException;

/** The trie walk against token-by-token checking, UTF-8 split across tokens, and end-of-generation handling. */
final class TokenMaskTest {
    @Test
    void trieWalkEqualsCheckingEveryTokenAlongRandomGenerations() throws Exception {
        TokenVocabulary vocab = TestVocabularies.stories260KVocabulary();
        List<String> grammars = new ArrayList<>();
        for (int i : new int[] {0, 3, 7, 11, 13, 17}) {
            grammars.add(JsonSchemaConverter.toGbnf(JsonSchemaCases.SCHEMAS.get(i)));
        }
        grammars.add(GrammarDifferentialTest.JSON_GBNF);
        grammars.add("root ::= [^\\x00-\\x7F]{1,6} \"!\"\n");
        int states = 0;
        for (String gbnf : grammars) {
            GrammarMatcher matcher = new GrammarMatcher(Grammar.parse(gbnf), vocab);
            // The brute force uses its own grammar instance, so it shares no cached transitions with the walk.
            Grammar independent = Grammar.parse(gbnf);
            Random rng = new Random(gbnf.length());
            for (int run = 0; run < 3; run++) {
                GrammarState state = matcher.start();
                GrammarState mirror = independent.start();
                for (int step = 0; step < 40 && !state.isFinished(); step++) {
                    BitSet walked = new BitSet();
                    matcher.allowedTokensUncached(state, walked);
                    BitSet brute = new BitSet();
                    for (int id = 0; id < vocab.size(); id++) {
                        byte[] bytes = vocab.tokenBytes(id);
                        boolean ok = vocab.isEndOfGeneration(id) ? mirror.isComplete()
                                : bytes.length > 0 && independent.accepts(mirror, bytes);
                        brute.set(id, ok);
                    }
                    assertEquals(brute, walked, "grammar " + gbnf.lines().findFirst().orElse("") + " step " + step);
                    BitSet cached = new BitSet();
                    matcher.allowedTokens(state, cached);
                    assertEquals(walked, cached);
                    states++;
                    int[] choices = walked.stream().filter(id -> !vocab.isEndOfGeneration(id)).toArray();
                    if (choices.length == 0) {
                        break;
                    }
                    int token = choices[rng.nextInt(choices.length)];
                    state = matcher.advance(state, token);
                    mirror = independent.advance(mirror, vocab.tokenBytes(token));
                    assertNotNull(state);
                    assertNotNull(mirror);
                }
            }
        }
        assertTrue(states > 100, "compared " + states + " states");
    }

    @Test
    void tokensMayEndInsideACodePoint() {
        byte[] e = "é".getBytes(StandardCharsets.UTF_8); // C3 A9
        byte[] smile = "😀".getBytes(StandardCharsets.UTF_8); // F0 9F 98 80
        List<byte[]> tokens = List.of(
                new byte[0],                          // 0: control token, never allowed
                new byte[] {e[0]},                    // 1: first half of é
                new byte[] {e[1]},                    // 2: second half of é
                e,                                    // 3: é whole
                Arrays.copyOfRange(smile, 0, 3),      // 4: first three bytes of 😀
                new byte[] {smile[3]},                // 5: last byte of 😀
                new byte[] {e[1], smile[0]},          // 6: end of é + start of 😀
                "a".getBytes(StandardCharsets.UTF_8), // 7
                new byte[] {(byte) 0xC3, (byte) 0xA8}, // 8: è, not in the grammar
                new byte[] {(byte) 0xC0, (byte) 0x80}, // 9: overlong NUL, invalid UTF-8
                new byte[] {(byte) 0xED, (byte) 0xA0}, // 10: start of a surrogate, invalid UTF-8
                new byte[0]);                          // 11: end of generation
        TokenVocabulary vocab = TokenVocabulary.of(tokens, Set.of(11));
        GrammarMatcher m = new GrammarMatcher(Grammar.parse("root ::= \"é😀\" | [\\u00e0-\\u00e9] \"a\"\n"), vocab);

        assertAllowed(m, m.start(), 1, 3, 8);
        GrammarState half = m.advance(m.start(), 1);
        assertFalse(half.isComplete());
        assertAllowed(m, half, 2, 6);
        GrammarState afterE = m.advance(half, 2);
        assertAllowed(m, afterE, 4, 7);
        GrammarState partialSmile = m.advance(half, 6);
        assertAllowed(m, partialSmile);  // one byte of 😀 taken: only 9F 98 80 may follow, no token starts with 9F
        GrammarState three = m.advance(afterE, 4);
        assertAllowed(m, three, 5);
        GrammarState done = m.advance(three, 5);
        assertTrue(done.isComplete());
        assertAllowed(m, done, 11);
        assertEquals(done, m.advance(done, 11));
        assertTrue(m.accepts(m.advance(m.start(), 8), 7));
    }

    @Test
    void constraintMasksLogitsAndRejectsDisallowedTokens() {
        List<byte[]> tokens = List.of("{".getBytes(StandardCharsets.UTF_8), "}".getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8), "x".getBytes(StandardCharsets.UTF_8), new byte[0]);
        TokenVocabulary vocab = TokenVocabulary.of(tokens, Set.of(4));
        GrammarConstraint c = new GrammarConstraint(new GrammarMatcher(Grammar.parse("root ::= \"{\" \"}\"\n"), vocab));
        float[] logits = {1f, 2f, 3f, 4f, 5f, 6f};
        c.mask(logits);
        assertEquals(List.of(1f, Float.NEGATIVE_INFINITY, 3f, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.NEGATIVE_INFINITY), toList(logits), "padded logits beyond the vocabulary are masked too");
        assertThrows(RealizarException.class, () -> c.accept(3));
        c.accept(0);
        assertFalse(c.isComplete());
        c.accept(1);
        assertTrue(c.isComplete());
        assertTrue(c.isFinished());
        float[] after = {0f, 0f, 0f, 0f, 0f};
        c.mask(after);
        assertEquals(List.of(Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.NEGATIVE_INFINITY, 0f), toList(after), "only end of generation once complete");
        c.reset();
        assertFalse(c.isComplete());
    }

    private static void assertAllowed(GrammarMatcher m, GrammarState s, int... ids) {
        BitSet out = new BitSet();
        m.allowedTokens(s, out);
        BitSet expected = new BitSet();
        for (int id : ids) {
            expected.set(id);
        }
        assertEquals(expected, out);
    }

    private static List<Float> toList(float[] a) {
        List<Float> l = new ArrayList<>();
        for (float f : a) {
            l.add(f);
        }
        return l;
    }
}
