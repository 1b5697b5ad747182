package realizar.runtime.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The matcher against independent oracles: random sentences drawn from each grammar's rules must be accepted, and
 * random mutations of them must be accepted exactly when the oracle (a java.util.regex equivalent, or Jackson for
 * JSON) accepts them.
 */
final class GrammarDifferentialTest {
    private static final String MUTATION_ALPHABET = "{}[]\",:0123456789-+.eEtrufalsn \\/abxyz_\n\té€😀\u0001\u007f";
    private static final ObjectMapper STRICT_JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static final String JSON_GBNF = """
            root   ::= ws value ws
            value  ::= object | array | string | number | "true" | "false" | "null"
            object ::= "{" ws ( member ( ws "," ws member )* )? ws "}"
            member ::= string ws ":" ws value
            array  ::= "[" ws ( value ( ws "," ws value )* )? ws "]"
            string ::= "\\"" ( [^"\\\\\\x00-\\x1F] | "\\\\" ( ["\\\\/bfnrt] | "u" [0-9a-fA-F]{4} ) )* "\\""
            number ::= "-"? ( "0" | [1-9] [0-9]* ) ( "." [0-9]+ )? ( [eE] [-+]? [0-9]+ )?
            ws     ::= [ \\t\\n\\r]*
            """;

    @Test
    void regexEquivalentGrammarsAgreeWithJavaRegex() {
        check("root ::= [a-c]+ (\"-\" [0-9]{2,3})? \"!\"*\n", "[a-c]+(-[0-9]{2,3})?!*");
        check("root ::= (\"ab\" | \"a\" \"c\"?) [^a-z\\n]{1,4} .\n", "(ab|ac?)[^a-z\\n]{1,4}.");
        check("root ::= word (\" \" word){0,3}\nword ::= [A-Za-z\\u00e9]+ | \"😀\"\n", "([A-Za-z\u00e9]+|😀)( ([A-Za-z\u00e9]+|😀)){0,3}");
        check("root ::= \"x\"? \"y\"{3} [0-9a-f]* \"end\"\n", "x?y{3}[0-9a-f]*end");
        check("root ::= ( [\\u0400-\\u04FF] | [€] ){2,} | \"\"\n", "([\u0400-\u04FF]|€){2,}|");
    }

    @Test
    void jsonGrammarAgreesWithJackson() {
        check(JSON_GBNF, GrammarDifferentialTest::jacksonParses, 1500);
    }

    private static void check(String gbnf, String regex) {
        Pattern p = Pattern.compile(regex, Pattern.DOTALL);
        check(gbnf, s -> p.matcher(s).matches(), 800);
    }

    private static void check(String gbnf, Predicate<String> oracle, int rounds) {
        Grammar g = Grammar.parse(gbnf);
        Random rng = new Random(gbnf.hashCode());
        SentenceGenerator gen = new SentenceGenerator(g, rng);
        int rejectedMutants = 0;
        for (int i = 0; i < rounds; i++) {
            String sentence = gen.next("root");
            assertTrue(oracle.test(sentence), "oracle rejects a generated sentence (test bug): " + sentence);
            assertTrue(g.matches(sentence), "grammar rejects its own sentence: " + sentence);
            String mutant = mutate(sentence, rng);
            boolean expected = oracle.test(mutant);
            assertEquals(expected, g.matches(mutant), "disagreement on mutant " + escape(mutant) + " of " + escape(sentence));
            rejectedMutants += expected ? 0 : 1;
        }
        assertTrue(rejectedMutants > rounds / 10, "too few invalid mutants to mean anything: " + rejectedMutants);
    }

    private static String mutate(String s, Random rng) {
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + rng.nextInt(2);
        for (int e = 0; e < edits; e++) {
            int[] alphabet = MUTATION_ALPHABET.codePoints().toArray();
            String c = Character.toString(alphabet[rng.nextInt(alphabet.length)]);
            int at = sb.isEmpty() ? 0 : rng.nextInt(sb.length() + 1);
            if (at > 0 && at < sb.length() && Character.isLowSurrogate(sb.charAt(at))) {
                at--;
            }
            switch (rng.nextInt(3)) {
                case 0 -> sb.insert(at, c);
                case 1 -> {
                    if (at < sb.length()) {
                        sb.delete(at, at + Character.charCount(sb.codePointAt(at)));
                    }
                }
                default -> {
                    if (at < sb.length()) {
                        sb.replace(at, at + Character.charCount(sb.codePointAt(at)), c);
                    }
                }
            }
        }
        return sb.toString();
    }

    static boolean jacksonParses(String s) {
        try {
            JsonNode n = STRICT_JSON.readTree(s);
            return n != null && !n.isMissingNode();
        } catch (Exception e) {
            return false;
        }
    }

    private static String escape(String s) {
        return s.replace("\n", "\\n").replace("\t", "\\t");
    }
}
