package realizar.runtime;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * Where the installation lives: {@code realizar.home} (set by the launcher), else the folder above the {@code lib/} that
 * holds the runtime's jar. Holds {@code plugins/} and {@code models/}.
 */
public final class Installation {
    private Installation() {
    }

    public static Path home() {
        String home = System.getProperty("realizar.home");
        if (home != null) {
            return Path.of(home);
        }
        try {
            CodeSource src = Installation.class.getProtectionDomain().getCodeSource();
            if (src != null) {
                Path jar = Path.of(src.getLocation().toURI());
                if (Files.isRegularFile(jar) && jar.getParent() != null && jar.getParent().getParent() != null) {
                    return jar.getParent().getParent();
                }
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    /** {@code realizar.plugins}, else {@code home/plugins} when it exists, else null. */
    public static Path pluginsDir() {
        String dir = System.getProperty("realizar.plugins");
        if (dir != null) {
            return Path.of(dir);
        }
        Path p = home().resolve("plugins");
        return Files.isDirectory(p) ? p : null;
    }

    /** The bundled demo model, stories260K. */
    public static Path demoModel() {
        String prop = System.getProperty("realizar.demo.model");
        if (prop != null) {
            return Path.of(prop);
        }
        Path home = home();
        for (Path candidate : new Path[] {home.resolve("models/stories260K/stories260K.gguf"),
                home.resolve("../models/stories260K/stories260K.gguf").normalize()}) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return home.resolve("models/stories260K/stories260K.gguf");
    }
}
