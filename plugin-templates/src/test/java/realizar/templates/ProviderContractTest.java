package realizar.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import realizar.api.Provider;
import realizar.api.SpiVersion;
import realizar.api.chat.ChatTemplate;
import realizar.api.chat.ToolFormat;

/** The providers the plugin declares: the agreed names, the SPI version, and module-info matching META-INF/services. */
final class ProviderContractTest {
    @Test
    void chatTemplateNames() {
        assertEquals(Set.of("chatml", "llama2", "llama3", "mistral", "phi2", "phi3", "zephyr", "alpaca", "gemma",
                "qwen3", "deepseek-r1", "hermes", "raw", "jinja"), names(Providers.templates()));
    }

    @Test
    void toolFormatNames() {
        assertEquals(Set.of("openai", "hermes", "anthropic", "llama3", "mistral"), names(Providers.toolFormats()));
    }

    @Test
    void everyProviderHandsShakesAndDescribesItself() {
        for (Provider p : List.<Provider>copyOf(Providers.templates())) {
            check(p);
        }
        for (Provider p : List.<Provider>copyOf(Providers.toolFormats())) {
            check(p);
        }
    }

    @Test
    void moduleProvidesWhatTheServiceFilesList() {
        ModuleDescriptor descriptor = JinjaChatTemplate.class.getModule().getDescriptor();
        org.junit.jupiter.api.Assumptions.assumeTrue(descriptor != null, "running on the class path, not as a module");
        for (Class<?> spi : List.of(ChatTemplate.class, ToolFormat.class)) {
            List<String> provided = descriptor.provides().stream().filter(p -> p.service().equals(spi.getName()))
                    .flatMap(p -> p.providers().stream()).sorted().toList();
            assertEquals(Providers.serviceLines(spi).stream().sorted().toList(), provided, spi.getSimpleName());
        }
        assertTrue(descriptor.exports().stream().allMatch(e -> e.targets().equals(Set.of("jinjava"))),
                "the plugin exports nothing to realizar: " + descriptor.exports());
    }

    private static void check(Provider p) {
        assertEquals(SpiVersion.CURRENT, p.spiVersion(), p.name());
        assertTrue(p.name().matches("[a-z0-9-]+"), p.name());
        assertTrue(!p.description().isBlank(), p.name());
    }

    private static Set<String> names(List<? extends Provider> providers) {
        Set<String> names = new TreeSet<>();
        for (Provider p : providers) {
            assertTrue(names.add(p.name()), "duplicate provider name " + p.name());
        }
        return names;
    }
}
