package realizar.templates;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import realizar.api.chat.ChatTemplate;
import realizar.api.chat.TemplateSource;
import realizar.api.chat.ToolFormat;

/** The plugin's providers, instantiated from its META-INF/services files as the class-path ServiceLoader would. */
final class Providers {
    private Providers() {
    }

    static List<ChatTemplate> templates() {
        return load(ChatTemplate.class);
    }

    static List<ToolFormat> toolFormats() {
        return load(ToolFormat.class);
    }

    static ChatTemplate template(String name) {
        return templates().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no chat template " + name));
    }

    static ToolFormat toolFormat(String name) {
        return toolFormats().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no tool format " + name));
    }

    /** The runtime's rule: the highest score wins. */
    static ChatTemplate best(TemplateSource source) {
        return templates().stream().max(Comparator.comparingInt(t -> t.matches(source))).orElseThrow();
    }

    /** Runs {@code body} with the render clock fixed through the REALIZAR_NOW system property. */
    static void withClock(LocalDateTime now, Runnable body) {
        String before = System.getProperty(RenderClock.VARIABLE);
        System.setProperty(RenderClock.VARIABLE, now.toString());
        try {
            body.run();
        } finally {
            if (before == null) {
                System.clearProperty(RenderClock.VARIABLE);
            } else {
                System.setProperty(RenderClock.VARIABLE, before);
            }
        }
    }

    static List<String> serviceLines(Class<?> spi) {
        try (InputStream in = Providers.class.getResourceAsStream("/META-INF/services/" + spi.getName())) {
            if (in == null) {
                throw new AssertionError("no META-INF/services/" + spi.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> List<T> load(Class<T> spi) {
        List<T> providers = new ArrayList<>();
        for (String className : serviceLines(spi)) {
            try {
                providers.add(spi.cast(Class.forName(className).getConstructor().newInstance()));
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("cannot instantiate " + className, e instanceof InvocationTargetException i
                        ? i.getCause() : e);
            }
        }
        return providers;
    }
}
