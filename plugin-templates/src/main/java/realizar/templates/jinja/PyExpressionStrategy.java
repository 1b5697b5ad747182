package realizar.templates.jinja;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.expression.ExpressionStrategy;
import com.hubspot.jinjava.tree.output.RenderedOutputNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;

/**
 * Prints {@code {{ expr }}} as Jinja2 does: {@code str(value)}, so booleans are {@code True} / {@code False}. The
 * value is never rendered again as a template (Jinjava's "nested interpretation", which would let a message's text
 * run as template code, is off) and never HTML-escaped.
 */
final class PyExpressionStrategy implements ExpressionStrategy {
    private static final long serialVersionUID = 1L;

    @Override
    public RenderedOutputNode interpretOutput(ExpressionToken master, JinjavaInterpreter interpreter) {
        Object value = PyValues.unwrap(interpreter.resolveELExpression(master.getExpr(), master.getLineNumber()));
        if (value instanceof Boolean b) {
            return new RenderedOutputNode(b ? "True" : "False");
        }
        return new RenderedOutputNode(interpreter.getAsString(value));
    }
}
