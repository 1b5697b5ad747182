package realizar.runtime.grammar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/**
 * Parses llama.cpp's GBNF: {@code name ::= alternatives} rules; literals {@code "..."}, classes {@code [a-z]} and
 * {@code [^...]}, {@code .}, groups, rule references, postfix {@code * + ? {m} {m,} {m,n}} and {@code #} comments.
 * As in llama.cpp a rule ends at a newline unless inside parentheses or right after {@code ::=} or {@code |}; unlike
 * llama.cpp a line that starts with {@code |} also continues the rule. Errors name line and column (1-based).
 */
final class GbnfParser {
    /** A parsed rule with where it was defined. */
    record RuleDef(String name, GrammarNode body, int line, int column) {
    }

    private final String text;
    /** Offset of the first character of each line, for error positions. */
    private final int[] lineStarts;
    private int pos;

    private GbnfParser(String text) {
        this.text = text;
        this.lineStarts = java.util.stream.IntStream.concat(java.util.stream.IntStream.of(0),
                java.util.stream.IntStream.range(0, text.length()).filter(i -> text.charAt(i) == '\n').map(i -> i + 1)).toArray();
    }

    static Map<String, RuleDef> parse(String text) {
        return new GbnfParser(text).parseRules();
    }

    private Map<String, RuleDef> parseRules() {
        Map<String, RuleDef> rules = new LinkedHashMap<>();
        skipSpace(true);
        while (pos < text.length()) {
            int line = line(pos);
            int column = column(pos);
            String name = parseName();
            skipSpace(false);
            if (!text.startsWith("::=", pos)) {
                throw error(pos, "expected '::=' after rule name '" + name + "'");
            }
            pos += 3;
            skipSpace(true);
            GrammarNode body = parseAlternatives(false);
            RuleDef previous = rules.put(name, new RuleDef(name, body, line, column));
            if (previous != null) {
                throw error(line, column, "rule '" + name + "' is defined twice (first at line " + previous.line() + ")");
            }
            skipSpace(false);
            if (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                throw error(pos, "expected end of line after rule '" + name + "' but found '" + text.charAt(pos) + "'");
            }
            skipSpace(true);
        }
        return rules;
    }

    private GrammarNode parseAlternatives(boolean nested) {
        List<GrammarNode> options = new ArrayList<>();
        options.add(parseSequence(nested));
        while (true) {
            int save = pos;
            skipSpace(nested);
            if (pos < text.length() && text.charAt(pos) == '|') {
                pos++;
                skipSpace(true);
                options.add(parseSequence(nested));
                continue;
            }
            if (!nested) {
                // Lenient continuation: a following line that starts with '|' belongs to this rule.
                skipSpace(true);
                if (pos < text.length() && text.charAt(pos) == '|') {
                    continue;
                }
            }
            pos = save;
            break;
        }
        return options.size() == 1 ? options.getFirst() : new GrammarNode.Alt(options);
    }

    private GrammarNode parseSequence(boolean nested) {
        List<GrammarNode> items = new ArrayList<>();
        while (true) {
            skipSpace(nested);
            if (pos >= text.length()) {
                break;
            }
            char c = text.charAt(pos);
            GrammarNode item;
            if (c == '"') {
                item = parseLiteral();
            } else if (c == '[') {
                item = parseClass();
            } else if (c == '.') {
                pos++;
                item = new GrammarNode.Chars(CharSet.any());
            } else if (c == '(') {
                int open = pos++;
                skipSpace(true);
                item = parseAlternatives(true);
                skipSpace(true);
                if (pos >= text.length() || text.charAt(pos) != ')') {
                    throw error(open, "unclosed '('");
                }
                pos++;
            } else if (isNameChar(c)) {
                int start = pos;
                String name = parseName();
                int after = pos;
                skipSpace(false);
                if (text.startsWith("::=", pos)) {
                    throw error(start, "rule '" + name + "' starts on the same line as the previous rule");
                }
                pos = after;
                item = new GrammarNode.Ref(name, line(start), column(start));
            } else if (c == '*' || c == '+' || c == '?' || c == '{') {
                throw error(pos, "'" + c + "' has nothing to repeat");
            } else {
                break;
            }
            items.add(parsePostfix(item));
        }
        return items.size() == 1 ? items.getFirst() : new GrammarNode.Seq(items);
    }

    private GrammarNode parsePostfix(GrammarNode item) {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '*') {
                item = new GrammarNode.Repeat(item, 0, -1);
            } else if (c == '+') {
                item = new GrammarNode.Repeat(item, 1, -1);
            } else if (c == '?') {
                item = new GrammarNode.Repeat(item, 0, 1);
            } else if (c == '{') {
                item = parseBraces(item);
                continue;
            } else {
                break;
            }
            pos++;
        }
        return item;
    }

    private GrammarNode parseBraces(GrammarNode item) {
        int open = pos++;
        skipSpace(true);
        int min = parseInt(open);
        int max = min;
        skipSpace(true);
        if (pos < text.length() && text.charAt(pos) == ',') {
            pos++;
            skipSpace(true);
            max = pos < text.length() && Character.isDigit(text.charAt(pos)) ? parseInt(open) : -1;
            skipSpace(true);
        }
        if (pos >= text.length() || text.charAt(pos) != '}') {
            throw error(open, "expected '}' to close the repetition");
        }
        pos++;
        if (max >= 0 && max < min) {
            throw error(open, "repetition {" + min + "," + max + "} has max below min");
        }
        return new GrammarNode.Repeat(item, min, max);
    }

    private int parseInt(int open) {
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos)) && pos - start < 7) {
            pos++;
        }
        if (pos == start) {
            throw error(pos, "expected a number in the repetition that starts at column " + column(open));
        }
        return Integer.parseInt(text, start, pos, 10);
    }

    private GrammarNode parseLiteral() {
        int open = pos++;
        List<GrammarNode> chars = new ArrayList<>();
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n') {
                throw error(open, "unterminated string literal");
            }
            if (text.charAt(pos) == '"') {
                pos++;
                break;
            }
            chars.add(new GrammarNode.Chars(CharSet.of(parseChar())));
        }
        return chars.size() == 1 ? chars.getFirst() : new GrammarNode.Seq(chars);
    }

    private GrammarNode parseClass() {
        int open = pos++;
        boolean negated = pos < text.length() && text.charAt(pos) == '^';
        if (negated) {
            pos++;
        }
        List<int[]> ranges = new ArrayList<>();
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n') {
                throw error(open, "unterminated character class");
            }
            if (text.charAt(pos) == ']') {
                pos++;
                break;
            }
            int from = parseChar();
            int to = from;
            if (pos + 1 < text.length() && text.charAt(pos) == '-' && text.charAt(pos + 1) != ']' && text.charAt(pos + 1) != '\n') {
                int dash = pos++;
                to = parseChar();
                if (to < from) {
                    throw error(dash, "character range is reversed");
                }
            }
            ranges.add(new int[] {from, to});
        }
        return new GrammarNode.Chars(CharSet.ofRanges(ranges, negated));
    }

    /** One possibly escaped code point inside a literal or class. */
    private int parseChar() {
        int start = pos;
        int cp = text.codePointAt(pos);
        pos += Character.charCount(cp);
        if (cp != '\\') {
            return cp;
        }
        if (pos >= text.length()) {
            throw error(start, "escape at end of input");
        }
        char e = text.charAt(pos++);
        return switch (e) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case '0' -> 0;
            case '\\', '"', '\'', '[', ']', '-', '^', '.', '/', '(', ')', '|', '*', '+', '?', '{', '}' -> e;
            case 'x' -> parseHex(start, 2);
            case 'u' -> parseHex(start, 4);
            case 'U' -> parseHex(start, 8);
            default -> throw error(start, "unknown escape '\\" + e + "'");
        };
    }

    private int parseHex(int start, int digits) {
        if (pos + digits > text.length()) {
            throw error(start, "escape needs " + digits + " hex digits");
        }
        int value = 0;
        for (int i = 0; i < digits; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0) {
                throw error(pos + i, "escape needs " + digits + " hex digits");
            }
            value = value * 16 + d;
        }
        if (value > CharSet.MAX_CODE_POINT) {
            throw error(start, "code point U+" + Integer.toHexString(value).toUpperCase() + " is beyond U+10FFFF");
        }
        pos += digits;
        return value;
    }

    private String parseName() {
        int start = pos;
        while (pos < text.length() && isNameChar(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw error(pos, "expected a rule name but found '" + text.charAt(pos) + "'");
        }
        return text.substring(start, pos);
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }

    private void skipSpace(boolean newlines) {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || (newlines && (c == '\n' || c == '\r'))) {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                break;
            }
        }
    }

    private int line(int offset) {
        int index = java.util.Arrays.binarySearch(lineStarts, offset);
        return index >= 0 ? index + 1 : -index - 1;
    }

    private int column(int offset) {
        return offset - lineStarts[line(offset) - 1] + 1;
    }

    private RealizarException error(int offset, String message) {
        return error(line(offset), column(offset), message);
    }

    static RealizarException error(int line, int column, String message) {
        return new RealizarException(ErrorCode.INVALID_ARGUMENT, "GBNF line " + line + " column " + column + ": " + message);
    }
}
