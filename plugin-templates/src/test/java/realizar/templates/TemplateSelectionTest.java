package realizar.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.chat.ChatMessage;
import realizar.api.chat.TemplateRequest;
import realizar.api.chat.TemplateSource;
import realizar.templates.family.BuiltinChatTemplate;

/** Choosing a template without the model's own: by name, then architecture; the model's own template beats guesses. */
final class TemplateSelectionTest {
    private static String best(String architecture, String name) {
        return Providers.best(new TemplateSource(null, architecture, name)).name();
    }

    @Test
    void guessesFromNameThenArchitecture() {
        assertEquals("qwen3", best("qwen3", "Qwen3-8B"));
        assertEquals("llama3", best("llama", "Meta-Llama-3.1-8B-Instruct"));
        assertEquals("llama2", best("llama", "Llama-2-7b-chat"));
        assertEquals("zephyr", best("llama", "TinyLlama-1.1B-Chat-v1.0"));
        assertEquals("mistral", best("llama", "Mistral-7B-Instruct-v0.2"));
        assertEquals("gemma", best("gemma2", "some-finetune"));
        assertEquals("phi3", best("phi3", "Phi-3.5-mini-instruct"));
        assertEquals("phi2", best("phi2", "phi-2"));
        assertEquals("chatml", best("qwen2", "Qwen2.5-7B-Instruct"));
        assertEquals("deepseek-r1", best("qwen2", "DeepSeek-R1-Distill-Qwen-7B"));
        assertEquals("raw", best(null, null));
    }

    @Test
    void variantsFromNames() {
        BuiltinChatTemplate llama3 = (BuiltinChatTemplate) Providers.template("llama3");
        assertEquals("3.2", llama3.variantOf(new TemplateSource(null, "llama", "Llama-3.2-3B-Instruct")));
        assertEquals("3.1", llama3.variantOf(new TemplateSource(null, "llama", "Llama-3.3-70B-Instruct")));
        assertEquals("3.0", llama3.variantOf(new TemplateSource(null, "llama", "Meta-Llama-3-8B-Instruct")));
    }

    @Test
    void aModelsOwnUnknownTemplateBeatsNameGuesses() {
        String custom = "{% for m in messages %}<<{{ m.role }}>>{{ m.content }}{% endfor %}";
        TemplateSource source = new TemplateSource(custom, "llama", "Meta-Llama-3-8B-Instruct");
        assertEquals("jinja", Providers.best(source).name());
        TemplateRequest request = new TemplateRequest(List.of(ChatMessage.user("hi")), List.of(), true, null, null,
                Map.of());
        assertEquals("<<user>>hi", Providers.best(source).render(source, request).prompt());
    }

    @Test
    void aFamilyLookalikeThatRendersDifferentlyIsLeftToJinja() {
        // ChatML by its markers, but with a default system line the chatml family does not write.
        String lookalike = "{% if messages[0]['role'] != 'system' %}<|im_start|>system\nBe nice.<|im_end|>\n{% endif %}"
                + "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + "
                + "'<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}"
                + "{% endif %}";
        TemplateSource source = new TemplateSource(lookalike, "llama", "x");
        assertEquals(0, Providers.template("chatml").matches(source));
        assertEquals("jinja", Providers.best(source).name());
    }

    @Test
    void realizarNowFixesTheClockAndMustBeIsoLocalDateTime() {
        Providers.withClock(LocalDateTime.parse("2025-12-31T23:59:59"),
                () -> assertEquals(LocalDateTime.parse("2025-12-31T23:59:59"), RenderClock.now()));
        String before = System.getProperty(RenderClock.VARIABLE);
        System.setProperty(RenderClock.VARIABLE, "31/12/2025");
        try {
            RealizarException e = assertThrows(RealizarException.class, RenderClock::now);
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        } finally {
            if (before == null) {
                System.clearProperty(RenderClock.VARIABLE);
            } else {
                System.setProperty(RenderClock.VARIABLE, before);
            }
        }
    }

    @Test
    void templateWithoutJinjaSourceIsRefused() {
        TemplateRequest request = new TemplateRequest(List.of(ChatMessage.user("hi")), List.of(), true, null, null,
                Map.of());
        RealizarException e = assertThrows(RealizarException.class,
                () -> new JinjaChatTemplate().render(new TemplateSource(null, "llama", "m"), request));
        assertEquals(ErrorCode.TEMPLATE_ERROR, e.code());
    }
}
