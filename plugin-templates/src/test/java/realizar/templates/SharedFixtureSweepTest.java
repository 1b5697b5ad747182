package realizar.templates;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import realizar.api.RealizarException;
import realizar.api.chat.TemplateSource;

/**
 * When ../shared/fixtures is present: the vendored copy under src/test/resources/templates is the same, file for
 * file, and every shared case renders as transformers did.
 */
final class SharedFixtureSweepTest {
    private static Path shared() {
        var dir = TemplateFixtures.shared();
        Assumptions.assumeTrue(dir.isPresent(), "SKIPPED: ../shared/fixtures not present");
        return dir.get();
    }

    @Test
    void vendoredCopyIsCurrent() throws IOException {
        Path shared = shared();
        Path vendored = TemplateFixtures.vendored();
        List<Path> sharedFiles = files(shared);
        assertEquals(sharedFiles.stream().map(p -> shared.relativize(p).toString()).toList(),
                files(vendored).stream().map(p -> vendored.relativize(p).toString()).toList());
        for (Path f : sharedFiles) {
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(vendored.resolve(shared.relativize(f))),
                    shared.relativize(f).toString());
        }
    }

    @Test
    void everySharedCaseRendersLikeTransformers() {
        List<TemplateFixtures.Case> cases = TemplateFixtures.cases(shared());
        assertEquals(125, cases.size(), "the README promises 125 rendered cases");
        for (TemplateFixtures.Case c : cases) {
            JinjaChatTemplate jinja = new JinjaChatTemplate(c::now);
            TemplateSource source = new TemplateSource(c.templateText(), null, c.templateStem());
            if (c.error() != null) {
                assertThrows(RealizarException.class, () -> jinja.render(source, c.request()), c.toString());
            } else {
                assertEquals(c.expected(), jinja.render(source, c.request()).prompt(), c.toString());
            }
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
