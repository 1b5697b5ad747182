package realizar.templates.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the few Jinja2 constructs Jinjava's parser cannot express into forms it can, before parsing. Only code
 * inside {@code {{ }}} and {@code {% %}} is touched, never string literals or text:
 * <ul>
 *   <li>{@code x[::-1]} becomes {@code x|py_reversed}, {@code x[a:b:c]} becomes {@code x|py_slice(a, b, c)};</li>
 *   <li>a dict method named as an attribute without a call ({@code spec.items}) becomes
 *       {@code spec.__pyattr_items}, which {@link PythonMethodResolver} answers as Jinja2 does: with the method, not
 *       the {@code "items"} key;</li>
 *   <li>one newline at the very end is dropped, as Jinja2 does with {@code keep_trailing_newline=False};</li>
 *   <li>lstrip_blocks and comments are done here, as Jinja2 does them (Jinjava's differ).</li>
 * </ul>
 */
final class TemplatePreprocessor {
    private static final Pattern REVERSE = Pattern.compile("\\[\\s*::\\s*-1\\s*]");
    private static final Pattern STEP_SLICE = Pattern.compile(
            "\\[\\s*([-\\w.]*)\\s*:\\s*([-\\w.]*)\\s*:\\s*([-\\w.]+)\\s*]");
    private static final Pattern METHOD_ATTRIBUTE = Pattern.compile("\\.(items|keys|values|get|pop|update|copy)\\b(?!\\s*\\()");
    private static final String OPERAND = "(?:[\\w.\u0001]|\\[[^\\[\\]]*])+";
    private static final Pattern NOT_IS = Pattern.compile("\\bnot\\s+(" + OPERAND
            + ")\\s+(is\\s+(?:not\\s+)?\\w+(?:\\s*\\([^()]*\\))?|in\\s+" + OPERAND + ")");
    private static final Pattern KEYWORD = Pattern.compile("\\s*[A-Za-z_]\\w*\\s*=(?!=)");
    private static final Pattern OPERATOR = Pattern.compile("[|+\\-*/%~<>]|\\bif\\b|==|!=");
    private static final char MASK = '\u0001';
    private static final Pattern MASKED = Pattern.compile("\u0001(\\d+)\u0001");
    private static final Set<Character> OPEN_KINDS = Set.of('{', '%', '#');

    private TemplatePreprocessor() {
    }

    static String process(String source) {
        String s = source.endsWith("\n") ? source.substring(0, source.length() - 1) : source;
        StringBuilder out = new StringBuilder(s.length() + 64);
        int i = 0;
        while (i < s.length()) {
            int open = s.indexOf('{', i);
            if (open < 0 || open + 1 >= s.length()) {
                out.append(s, i, s.length());
                break;
            }
            char kind = s.charAt(open + 1);
            if (!OPEN_KINDS.contains(kind)) {
                out.append(s, i, open + 1);
                i = open + 1;
                continue;
            }
            if (kind == '#') {
                out.append(s, i, open);
                i = dropComment(s, open, out);
                continue;
            }
            out.append(s, i, open);
            int codeStart = open + 2;
            if (kind == '%') {
                if (s.startsWith("{%+", open)) {
                    codeStart++; // "+": no lstrip for this tag; Jinjava does not know the sign
                } else if (!s.startsWith("{%-", open)) {
                    lstrip(out);
                }
            }
            out.append(s, open, open + 2);
            int end = codeEnd(s, codeStart, kind == '{' ? "}}" : "%}");
            out.append(rewriteCode(s.substring(codeStart, end)));
            i = end;
        }
        return out.toString();
    }

    /**
     * Jinja2's lstrip_blocks: the spaces and tabs between the start of a line and a block tag go. (Jinjava's own
     * option also strips them in the middle of a line, so it is off and this does it.)
     */
    private static void lstrip(StringBuilder out) {
        int k = out.length();
        while (k > 0 && (out.charAt(k - 1) == ' ' || out.charAt(k - 1) == '\t')) {
            k--;
        }
        if (k == 0 || out.charAt(k - 1) == '\n') {
            out.setLength(k);
        }
    }

    /**
     * Removes the comment at {@code open} as Jinja2 does with trim_blocks and lstrip_blocks: {@code {#-} eats the
     * whitespace before and {@code -#}} the whitespace after; otherwise the spaces before it on its line and the one
     * newline after it go. (Jinjava trims comments its own way.) Returns where the text goes on.
     */
    private static int dropComment(String s, int open, StringBuilder out) {
        int close = s.indexOf("#}", open + 2);
        int end = close < 0 ? s.length() : close + 2;
        if (s.startsWith("{#-", open)) {
            while (!out.isEmpty() && Character.isWhitespace(out.charAt(out.length() - 1))) {
                out.setLength(out.length() - 1);
            }
        } else if (!s.startsWith("{#+", open)) {
            int k = out.length();
            while (k > 0 && (out.charAt(k - 1) == ' ' || out.charAt(k - 1) == '\t')) {
                k--;
            }
            if (k == 0 || out.charAt(k - 1) == '\n') {
                out.setLength(k);
            }
        }
        if (close > 0 && s.charAt(close - 1) == '-') {
            while (end < s.length() && Character.isWhitespace(s.charAt(end))) {
                end++;
            }
        } else if (end < s.length() && s.charAt(end) == '\n') {
            end++;
        }
        // Jinja2's "-%}" before a comment strips only up to the comment; Jinjava's would go on through the text
        // after it. An empty expression keeps that text.
        String before = out.toString().stripTrailing();
        if (before.endsWith("-%}") || before.endsWith("-}}")) {
            out.append("{{ '' }}");
        }
        return end;
    }

    /** Where the code of a tag ends: the closing delimiter that is not inside a string literal. */
    private static int codeEnd(String s, int from, String close) {
        char quote = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (s.startsWith(close, i)) {
                return i;
            }
        }
        return s.length();
    }

    /** Applies the rewrites to {@code code} with its string literals masked, so that they are never touched. */
    private static String rewriteCode(String code) {
        List<String> literals = new ArrayList<>();
        StringBuilder masked = new StringBuilder(code.length());
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\'' || c == '"') {
                int j = i + 1;
                while (j < code.length() && code.charAt(j) != c) {
                    j += code.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(j, code.length() - 1);
                masked.append(MASK).append(literals.size()).append(MASK);
                literals.add(code.substring(i, j + 1));
                i = j;
            } else {
                masked.append(c);
            }
        }
        String s = rewritePlain(masked.toString());
        Matcher m = MASKED.matcher(s);
        return m.replaceAll(r -> Matcher.quoteReplacement(literals.get(Integer.parseInt(r.group(1)))));
    }

    private static String rewritePlain(String code) {
        String s = REVERSE.matcher(code).replaceAll("|py_reversed");
        Matcher slice = STEP_SLICE.matcher(s);
        s = slice.replaceAll(m -> "|py_slice(" + orNone(m.group(1)) + ", " + orNone(m.group(2)) + ", "
                + m.group(3) + ")");
        s = METHOD_ATTRIBUTE.matcher(s).replaceAll("." + PythonMethodResolver.METHOD_ATTRIBUTE_PREFIX + "$1");
        // Jinja2 reads "not x is defined" as not (x is defined), "not x in y" as not (x in y); Jinjava binds not first.
        s = NOT_IS.matcher(s).replaceAll("not ($1 $2)");
        String head = s.stripLeading();
        if (!head.startsWith("macro") && !head.startsWith("call")) {
            s = parenthesizeKeywordValues(s);
        }
        return s;
    }

    /**
     * {@code f(a=x|length - 1)}: Jinjava binds the keyword to {@code x|length} only; Jinja2 to the whole expression.
     * Puts a keyword argument's value that holds an operator in parentheses.
     */
    private static String parenthesizeKeywordValues(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        java.util.Deque<Character> brackets = new java.util.ArrayDeque<>();
        java.util.Deque<Integer> openValue = new java.util.ArrayDeque<>(); // per bracket: out index of a value, or -1
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                out.append(c);
                brackets.push(c);
                openValue.push(-1);
                if (c == '(') {
                    i = keywordStart(s, i + 1, out, openValue);
                }
                continue;
            }
            if ((c == ')' || c == ']' || c == '}') && !brackets.isEmpty()) {
                closeValue(out, openValue);
                brackets.pop();
                openValue.pop();
                out.append(c);
                continue;
            }
            if (c == ',' && !brackets.isEmpty() && brackets.peek() == '(') {
                closeValue(out, openValue);
                out.append(c);
                i = keywordStart(s, i + 1, out, openValue);
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    /** At an argument's start: copies "name=" and marks where its value begins; returns the last index consumed. */
    private static int keywordStart(String s, int from, StringBuilder out, java.util.Deque<Integer> openValue) {
        Matcher m = KEYWORD.matcher(s).region(from, s.length());
        if (!m.lookingAt()) {
            return from - 1;
        }
        out.append(m.group());
        openValue.pop();
        openValue.push(out.length());
        return m.end() - 1;
    }

    private static void closeValue(StringBuilder out, java.util.Deque<Integer> openValue) {
        int start = openValue.isEmpty() ? -1 : openValue.peek();
        if (start < 0) {
            return;
        }
        String value = out.substring(start);
        if (OPERATOR.matcher(value).find()) {
            int lead = 0;
            while (lead < value.length() && Character.isWhitespace(value.charAt(lead))) {
                lead++;
            }
            out.insert(start + lead, '(');
            out.append(')');
        }
        openValue.pop();
        openValue.push(-1);
    }

    private static String orNone(String bound) {
        return bound.isEmpty() ? "none" : bound;
    }
}
