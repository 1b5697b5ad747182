package realizar.templates.jinja;

import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.tag.ForTag;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.tree.parse.TagToken;
import java.util.ArrayList;
import java.util.List;
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
        String expression = in.group(2).trim();
        Object collection = interpreter.resolveELExpression(expression, tagNode.getLineNumber());
        if (collection == null && interpreter.getContext().get(NONE_VARIABLES) instanceof Set<?> none
                && none.contains(expression)) {
            throw new InterpretException("TypeError: 'NoneType' object is not iterable (" + expression + ")",
                    tagNode.getLineNumber());
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
}
