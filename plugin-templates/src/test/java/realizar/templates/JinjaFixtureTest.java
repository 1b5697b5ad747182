package realizar.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.chat.TemplateSource;

/** Every vendored reference render: the jinja template reproduces transformers byte for byte, and refuses where it does. */
final class JinjaFixtureTest {
    static Stream<TemplateFixtures.Case> cases() {
        return TemplateFixtures.cases(TemplateFixtures.vendored()).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersLikeTransformers(TemplateFixtures.Case c) {
        JinjaChatTemplate jinja = new JinjaChatTemplate(c::now);
        TemplateSource source = new TemplateSource(c.templateText(), null, c.templateStem());
        if (c.error() != null) {
            RealizarException e = assertThrows(RealizarException.class, () -> jinja.render(source, c.request()),
                    "transformers refuses this with " + c.error());
            assertEquals(ErrorCode.TEMPLATE_ERROR, e.code());
        } else {
            assertEquals(c.expected(), jinja.render(source, c.request()).prompt());
        }
    }
}
