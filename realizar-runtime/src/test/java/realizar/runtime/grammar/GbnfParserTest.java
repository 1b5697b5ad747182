package realizar.runtime.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

final class GbnfParserTest {
    @Test
    void literalsClassesAndRepetitions() {
        Grammar g = Grammar.parse("""
                # a comment line
                root ::= greeting " " name{1,3} "!"?   # trailing comment
                greeting ::= "hi" | "hello"
                name ::= [A-Z] [a-z]*
                """);
        assertTrue(g.matches("hi Bob"));
        assertTrue(g.matches("hello BobAnnCy!"));
        assertFalse(g.matches("hello BobAnnCyDe"), "at most three names");
        assertFalse(g.matches("hi "), "at least one name");
        assertFalse(g.matches("hey Bob"));
    }

    @Test
    void groupsMayContinueOverLinesAndAlternativesAfterBar() {
        Grammar g = Grammar.parse("""
                root ::= (
                    "a"
                    | "b"
                  ) "c" |
                  "d"
                  | "e"
                """);
        for (String ok : new String[] {"ac", "bc", "d", "e"}) {
            assertTrue(g.matches(ok), ok);
        }
        assertFalse(g.matches("c"));
    }

    @Test
    void escapesInLiteralsAndClasses() {
        Grammar g = Grammar.parse("root ::= \"\\x41\\u00e9\\U0001F600\\n\\t\\\"\\\\\" [\\]\\-\\x30-\\x32]\n");
        assertTrue(g.matches("Aé😀\n\t\"\\]"));
        assertTrue(g.matches("Aé😀\n\t\"\\-"));
        assertTrue(g.matches("Aé😀\n\t\"\\1"));
        assertFalse(g.matches("Aé😀\n\t\"\\3"));
    }

    @Test
    void negatedClassesAndDotAreOverCodePoints() {
        Grammar g = Grammar.parse("root ::= [^a-c\"] . [\\u0400-\\u04FF]\n");
        assertTrue(g.matches("x😀Ж"));
        assertTrue(g.matches("日本Я"));
        assertFalse(g.matches("a😀Ж"));
        assertFalse(g.matches("xxA"));
    }

    @Test
    void boundedAndOpenRepetitions() {
        Grammar g = Grammar.parse("root ::= \"a\"{2} \"b\"{1,} \"c\"{0,2} \"d\"{ 3 , 3 }\n");
        assertTrue(g.matches("aabddd"));
        assertTrue(g.matches("aabbbbccddd"));
        assertFalse(g.matches("abddd"));
        assertFalse(g.matches("aabcccddd"));
    }

    @Test
    void errorsNameLineAndColumn() {
        assertError("root ::= \"abc\n", "line 1 column 10", "unterminated string literal");
        assertError("root ::= foo\n", "line 1 column 10", "undefined rule 'foo'");
        assertError("root ::= \"a\"\n\nx ::= [a-\n", "line 3 column 7", "unterminated character class");
        assertError("root ::= \"a\"\nbad = \"b\"\n", "line 2 column 5", "expected '::='");
        assertError("root ::= (\"a\" \"b\"\n", "line 1 column 10", "unclosed '('");
        assertError("root ::= * \"a\"\n", "line 1 column 10", "nothing to repeat");
        assertError("root ::= \"a\"{3,1}\n", "line 1 column 13", "max below min");
        assertError("root ::= \"\\q\"\n", "line 1 column 11", "unknown escape");
        assertError("root ::= [z-a]\n", "line 1 column 12", "reversed");
        assertError("root ::= \"a\"\nroot ::= \"b\"\n", "line 2 column 1", "defined twice");
        assertError("start ::= \"a\"\n", "line 1 column 1", "no rule named 'root'");
    }

    @Test
    void leftRecursionIsRejected() {
        RealizarException e = assertThrows(RealizarException.class,
                () -> Grammar.parse("root ::= e\ne ::= opt e \"+\" | \"x\"\nopt ::= \"-\"?\n"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("left-recursive"), e.getMessage());
    }

    @Test
    void otherRootRuleAndRecursion() {
        Grammar g = Grammar.parse("expr ::= \"(\" expr \")\" | \"x\"\n", "expr");
        assertTrue(g.matches("((x))"));
        assertFalse(g.matches("((x)"));
    }

    private static void assertError(String gbnf, String where, String what) {
        RealizarException e = assertThrows(RealizarException.class, () -> Grammar.parse(gbnf));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains(where) && e.getMessage().contains(what), e.getMessage());
    }
}
