package realizar.api.chat;

import realizar.api.Provider;

/**
 * Renders a conversation into the prompt format one model family was trained on. Service provider interface.
 *
 * <p>Threading: stateless and thread-safe. Errors in the template or the messages (a role the family does not allow,
 * a template's {@code raise_exception}) throw {@code TEMPLATE_ERROR}.
 */
public interface ChatTemplate extends Provider {
    /**
     * How well this template fits the model: 0 not at all; 100 the model's own Jinja template is recognised as this
     * family's; lower scores for guesses from the architecture or name.
     */
    int matches(TemplateSource source);

    RenderedPrompt render(TemplateSource source, TemplateRequest request);
}
