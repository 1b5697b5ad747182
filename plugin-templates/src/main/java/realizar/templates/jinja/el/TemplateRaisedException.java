package realizar.templates.jinja.el;

/** Thrown by a template's {@code raise_exception(message)}; carries the template's own message. */
public final class TemplateRaisedException extends RuntimeException {
    public TemplateRaisedException(String message) {
        super(message);
    }
}
