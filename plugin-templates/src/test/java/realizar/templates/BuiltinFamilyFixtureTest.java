package realizar.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.chat.ChatTemplate;
import realizar.api.chat.TemplateSource;

/**
 * The built-in families against the reference renders of the model templates they stand for: byte-identical output
 * (or the same refusal) on every case, recognised with score 100, and preferred to the jinja template.
 */
final class BuiltinFamilyFixtureTest {
    /** Which family each fixture template is; templates not listed (Command-R) belong to no family. */
    static final Map<String, String> FAMILY_OF = Map.ofEntries(
            Map.entry("teknium-OpenHermes-2.5-Mistral-7B-chatml", "chatml"),
            Map.entry("Qwen-Qwen2.5-7B-Instruct", "chatml"),
            Map.entry("simple-llama2", "llama2"),
            Map.entry("eachadea-vicuna-13b-1.1", "llama2"),
            Map.entry("meta-llama-Meta-Llama-3-Instruct", "llama3"),
            Map.entry("meta-llama-Llama-3.1-8B-Instruct", "llama3"),
            Map.entry("meta-llama-Llama-3.2-3B-Instruct", "llama3"),
            Map.entry("mistralai-Mistral-Nemo-Instruct-2407", "mistral"),
            Map.entry("Mistral-Small-3.2-24B-Instruct-2506", "mistral"),
            Map.entry("microsoft-Phi-3.5-mini-instruct", "phi3"),
            Map.entry("microsoft-phi-4", "phi3"),
            Map.entry("simple-zephyr", "zephyr"),
            Map.entry("simple-alpaca", "alpaca"),
            Map.entry("google-gemma-2-2b-it", "gemma"),
            Map.entry("google-gemma-3-it", "gemma"),
            Map.entry("Qwen-Qwen3-0.6B", "qwen3"),
            Map.entry("deepseek-ai-DeepSeek-R1-Distill-Llama-8B", "deepseek-r1"),
            Map.entry("deepseek-ai-DeepSeek-R1-Distill-Qwen-32B", "deepseek-r1"),
            Map.entry("NousResearch-Hermes-2-Pro-Llama-3-8B-tool_use", "hermes"),
            Map.entry("NousResearch-Hermes-3-Llama-3.1-8B-tool_use", "hermes"));

    static Stream<TemplateFixtures.Case> familyCases() {
        return TemplateFixtures.cases(TemplateFixtures.vendored()).stream()
                .filter(c -> FAMILY_OF.containsKey(c.templateStem()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("familyCases")
    void familyRendersLikeTheModelTemplate(TemplateFixtures.Case c) {
        ChatTemplate family = Providers.template(FAMILY_OF.get(c.templateStem()));
        TemplateSource source = new TemplateSource(c.templateText(), null, c.templateStem());
        Providers.withClock(c.now(), () -> {
            if (c.error() != null) {
                RealizarException e = assertThrows(RealizarException.class, () -> family.render(source, c.request()));
                assertEquals(ErrorCode.TEMPLATE_ERROR, e.code());
            } else {
                assertEquals(c.expected(), family.render(source, c.request()).prompt());
            }
        });
    }

    @Test
    void eachFixtureTemplateIsRecognisedByItsFamilyAlone() {
        java.nio.file.Path dir = TemplateFixtures.vendored();
        for (String stem : TemplateFixtures.stems(dir)) {
            TemplateSource source = new TemplateSource(TemplateFixtures.template(dir, stem), "llama", stem);
            String expected = FAMILY_OF.getOrDefault(stem, "jinja");
            for (ChatTemplate t : Providers.templates()) {
                int score = t.matches(source);
                if (t.name().equals(expected)) {
                    assertEquals(expected.equals("jinja") ? JinjaChatTemplate.SCORE : 100, score, stem);
                } else {
                    assertTrue(score < (expected.equals("jinja") ? JinjaChatTemplate.SCORE : 100),
                            stem + ": " + t.name() + " scores " + score);
                }
            }
            assertEquals(expected, Providers.best(source).name(), stem);
        }
    }
}
