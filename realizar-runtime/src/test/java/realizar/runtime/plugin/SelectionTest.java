package realizar.runtime.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.backend.ComputeBackend;
import realizar.api.format.FormatReader;
import realizar.runtime.testing.TestModels;

/** Provider choice: magic bytes pick the reader, scores pick the backend, and an explicit choice always wins. */
final class SelectionTest {
    private static final PluginRegistry PLUGINS = PluginRegistry.discover(null);

    @TempDir
    Path tmp;

    @Test
    void discoversTheProvidersOnTheModulePath() {
        assertTrue(PLUGINS.names(FormatReader.class).contains("gguf"));
        assertTrue(PLUGINS.names(ComputeBackend.class).contains("simd"));
        assertTrue(PLUGINS.all().stream().allMatch(PluginInfo::isOk), PLUGINS.all().toString());
    }

    @Test
    void theReaderIsChosenByLeadingBytesNotByName() throws IOException {
        Path disguised = tmp.resolve("model.safetensors");
        Files.copy(TestModels.stories260K(), disguised);
        assertEquals("gguf", Selection.format(PLUGINS, disguised, null).name());

        Path text = tmp.resolve("model.gguf");
        Files.writeString(text, "not a model at all");
        RealizarException e = assertThrows(RealizarException.class, () -> Selection.format(PLUGINS, text, null));
        assertEquals(ErrorCode.UNKNOWN_FORMAT, e.code());
        assertTrue(e.getMessage().contains("gguf"), "the error should list the installed readers: " + e.getMessage());
    }

    @Test
    void anExplicitChoiceWinsAndAnUnknownOneListsTheKnown() {
        assertEquals("simd", Selection.backend(PLUGINS, "simd").name());
        RealizarException e = assertThrows(RealizarException.class, () -> Selection.backend(PLUGINS, "quantum"));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains("simd"), e.getMessage());

        System.setProperty(Selection.BACKEND_PROPERTY, "quantum");
        try {
            assertThrows(RealizarException.class, () -> Selection.backend(PLUGINS, null), "the system property was ignored");
            assertEquals("simd", Selection.backend(PLUGINS, "simd").name(), "a flag must win over the property");
        } finally {
            System.clearProperty(Selection.BACKEND_PROPERTY);
        }
        System.setProperty(Selection.FORMAT_PROPERTY, "nope");
        try {
            assertThrows(RealizarException.class, () -> Selection.format(PLUGINS, TestModels.stories260K(), null));
        } finally {
            System.clearProperty(Selection.FORMAT_PROPERTY);
        }
    }
}
