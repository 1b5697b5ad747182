package realizar.runtime.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

import realizar.api.backend.ComputeBackend;
import realizar.api.backend.ComputeDevice;
import realizar.api.backend.DeviceOptions;
import realizar.api.format.FormatReader;
import realizar.api.format.ModelFile;

/** Finds the repository's bundled models and the shared fixtures, and opens models through the SPIs. */
public final class TestModels {
    private TestModels() {
    }

    /** The repository root, found by walking up to the folder that holds {@code mvnw}. */
    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** The bundled demo model. */
    public static Path stories260K() {
        return repoRoot().resolve("models/stories260K/stories260K.gguf");
    }

    /** {@code ../shared/fixtures} beside the checkout (or {@code -Drealizar.shared=DIR}), when present. */
    public static Optional<Path> sharedFixtures() {
        String prop = System.getProperty("realizar.shared");
        Path shared = prop != null ? Path.of(prop) : repoRoot().getParent().resolve("shared");
        Path fixtures = shared.resolve("fixtures");
        return Files.isDirectory(fixtures) ? Optional.of(fixtures) : Optional.empty();
    }

    public static ModelFile open(Path path) {
        return gguf().open(path);
    }

    /** The GGUF format plugin (reads and writes). */
    public static FormatReader gguf() {
        for (FormatReader reader : ServiceLoader.load(FormatReader.class)) {
            if (reader.name().equals("gguf")) {
                return reader;
            }
        }
        throw new IllegalStateException("the GGUF reader is not on the test path");
    }

    public static ComputeDevice cpu(int threads) {
        for (ComputeBackend backend : ServiceLoader.load(ComputeBackend.class)) {
            if (backend.name().equals("simd")) {
                return backend.open(new DeviceOptions(threads, 0));
            }
        }
        throw new IllegalStateException("the simd backend is not on the test path");
    }
}
