package realizar.templates.jinja;

import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.tag.ForTag;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.tree.parse.TagToken;
import com.hubspot.jinjava.util.ObjectTruthValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Jinjava's {@code for} with two Python behaviours added: iterating a variable that is None raises TypeError (as
 * transformers does for {@code for tool in tools} when no tools are given), and the loop's items are recorded for
 * {@code loop.previtem} / {@code loop.nextitem}.
 */
final class PyForTag extends ForTag {
    /** Context variable: names of the render variables given as Python None rather than left undefined. */
    static final String NONE_VARIABLES = "__realizar_none_variables";
    private static final java.util.regex.Pattern LOOP_HEAD =
            java.util.regex.Pattern.compile("(.+?)\\s+in\\s+(.+)", java.util.regex.Pattern.DOTALL);

    @Override
    public String interpretUnchecked(TagNode tagNode, JinjavaInterpreter interpreter) {
        // "k, v in expr": split here rather than through ForTag's commons-lang Pair, which this module cannot read.
        String helpers = ((TagToken) tagNode.getMaster()).getHelpers().trim();
        java.util.regex.Matcher in = LOOP_HEAD.matcher(helpers);
        if (!in.matches()) {
            throw new InterpretException("malformed for tag: " + helpers, tagNode.getLineNumber());
        }
        List<String> loopVars = new ArrayList<>();
        for (String name : in.group(1).replace("(", "").replace(")", "").split(",")) {
            loopVars.add(name.trim());
        }
        String[] expressionAndFilter = splitFilter(in.group(2).trim());
        String expression = expressionAndFilter[0];
        Object collection = interpreter.resolveELExpression(expression, tagNode.getLineNumber());
        if (collection == null && interpreter.getContext().get(NONE_VARIABLES) instanceof Set<?> none
                && none.contains(expression)) {
            throw new InterpretException("TypeError: 'NoneType' object is not iterable (" + expression + ")",
                    tagNode.getLineNumber());
        }
        if (expressionAndFilter[1] != null) {
            collection = filtered(collection, loopVars, expressionAndFilter[1], interpreter, tagNode.getLineNumber());
        }
        List<Object> items = null;
        if (PyValues.unwrap(collection) instanceof Iterable<?> iterable) {
            items = new ArrayList<>();
            iterable.forEach(items::add);
        }
        LoopItems.push(items);
        try {
            return renderForCollection(tagNode, interpreter, loopVars, collection);
        } finally {
            LoopItems.pop();
        }
    }

    /** {@code for x in xs if cond}: the items for which {@code cond} holds, as Jinja2 filters before looping. */
    private static List<Object> filtered(Object collection, List<String> loopVars, String condition,
                                         JinjavaInterpreter interpreter, int line) {
        List<Object> kept = new ArrayList<>();
        Object c = PyValues.unwrap(collection);
        Iterable<?> items = c instanceof Map<?, ?> m ? m.keySet() : c instanceof Iterable<?> it ? it : List.of();
        for (Object item : items) {
            try (var scope = interpreter.enterScope()) {
                bind(loopVars, interpreter.wrap(item), interpreter);
                if (ObjectTruthValue.evaluate(interpreter.resolveELExpression(condition, line))) {
                    kept.add(item);
                }
            }
        }
        return kept;
    }

    private static void bind(List<String> loopVars, Object item, JinjavaInterpreter interpreter) {
        if (loopVars.size() == 1) {
            interpreter.getContext().put(loopVars.getFirst(), item);
            return;
        }
        for (int i = 0; i < loopVars.size(); i++) {
            Object value = null;
            if (item instanceof Map.Entry<?, ?> e) {
                value = i == 0 ? e.getKey() : i == 1 ? e.getValue() : null;
            } else if (item instanceof List<?> l && i < l.size()) {
                value = l.get(i);
            }
            interpreter.getContext().put(loopVars.get(i), value);
        }
    }

    /** Splits {@code expr if cond} at a top-level {@code if} that has no {@code else} after it. */
    static String[] splitFilter(String head) {
        int depth = 0;
        char quote = 0;
        int ifAt = -1;
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (depth == 0 && word(head, i, "if") && ifAt < 0) {
                ifAt = i;
            } else if (depth == 0 && word(head, i, "else") && ifAt >= 0) {
                return new String[] {head, null}; // a conditional expression, not a loop filter
            }
        }
        return ifAt < 0 ? new String[] {head, null}
                : new String[] {head.substring(0, ifAt).trim(), head.substring(ifAt + 2).trim()};
    }

    private static boolean word(String s, int at, String word) {
        return s.startsWith(word, at) && (at == 0 || Character.isWhitespace(s.charAt(at - 1)))
                && at + word.length() < s.length() && Character.isWhitespace(s.charAt(at + word.length()));
    }
}
