package realizar.templates;

import java.time.LocalDateTime;
import java.util.function.Supplier;
import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.SpiVersion;
import realizar.api.chat.ChatTemplate;
import realizar.api.chat.RenderedPrompt;
import realizar.api.chat.TemplateRequest;
import realizar.api.chat.TemplateSource;
import realizar.templates.jinja.JinjaRenderer;
import realizar.templates.jinja.TemplateValues;

/**
 * Renders the model's own Jinja chat template ({@link TemplateSource#jinja()}) with Hugging Face
 * {@code apply_chat_template} semantics. Scores {@value #SCORE} whenever the model ships a template: below a
 * built-in family that reproduces that template exactly (100), above guesses from the architecture or name.
 *
 * <pre>{@code
 * ChatTemplate jinja = new JinjaChatTemplate();
 * RenderedPrompt p = jinja.render(new TemplateSource(gguf.chatTemplate(), "qwen3", "Qwen3-0.6B"),
 *         new TemplateRequest(List.of(ChatMessage.user("Hi")), List.of(), true, null, "<|im_end|>", Map.of()));
 * }</pre>
 */
public final class JinjaChatTemplate implements ChatTemplate {
    public static final int SCORE = 90;
    private final Supplier<LocalDateTime> clock;

    public JinjaChatTemplate() {
        this(RenderClock::now);
    }

    JinjaChatTemplate(Supplier<LocalDateTime> clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "jinja";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public String description() {
        return "the model's own Jinja chat template, rendered as transformers does";
    }

    @Override
    public int matches(TemplateSource source) {
        return source.jinja() != null && !source.jinja().isBlank() ? SCORE : 0;
    }

    @Override
    public RenderedPrompt render(TemplateSource source, TemplateRequest request) {
        if (source.jinja() == null || source.jinja().isBlank()) {
            throw new RealizarException(ErrorCode.TEMPLATE_ERROR,
                    "template 'jinja' needs the model's own chat template, and this model has none");
        }
        String prompt = JinjaRenderer.render(source.jinja(), TemplateValues.of(request), clock.get());
        return new RenderedPrompt(prompt, StopStrings.forTemplate(source.jinja(), request.eosToken()), name());
    }
}
