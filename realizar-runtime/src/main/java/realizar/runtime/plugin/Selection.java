package realizar.runtime.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.backend.Availability;
import realizar.api.backend.ComputeBackend;
import realizar.api.format.FormatReader;

/**
 * Chooses a provider: an explicit choice (a flag, or the {@code realizar.format} / {@code realizar.backend} system
 * property) always wins; otherwise the best score.
 */
public final class Selection {
    public static final String FORMAT_PROPERTY = "realizar.format";
    public static final String BACKEND_PROPERTY = "realizar.backend";

    private Selection() {
    }

    /** The reader for {@code path}: {@code explicit} if given, else the one whose probe of the leading bytes scores best. */
    public static FormatReader format(PluginRegistry registry, Path path, String explicit) {
        String chosen = explicit != null ? explicit : System.getProperty(FORMAT_PROPERTY);
        if (chosen != null && !chosen.isBlank()) {
            return registry.require(FormatReader.class, chosen);
        }
        ByteBuffer head = head(path);
        FormatReader best = null;
        int bestScore = 0;
        for (FormatReader reader : registry.providers(FormatReader.class)) {
            int score = reader.probe(path, head.duplicate().order(ByteOrder.LITTLE_ENDIAN));
            if (score > bestScore) {
                best = reader;
                bestScore = score;
            }
        }
        if (best == null) {
            throw new RealizarException(ErrorCode.UNKNOWN_FORMAT, path + " is not in a format any installed reader recognises"
                    + " (readers: " + registry.names(FormatReader.class) + "; leading bytes " + hex(head) + ")");
        }
        return best;
    }

    /** The backend to compute with: {@code explicit} if given, else the available one with the highest score. */
    public static ComputeBackend backend(PluginRegistry registry, String explicit) {
        String chosen = explicit != null ? explicit : System.getProperty(BACKEND_PROPERTY);
        if (chosen != null && !chosen.isBlank()) {
            ComputeBackend backend = registry.require(ComputeBackend.class, chosen);
            Availability a = backend.availability();
            if (!a.isAvailable()) {
                throw new RealizarException(ErrorCode.BACKEND_UNAVAILABLE, "backend '" + chosen + "' cannot run here: " + a.reason());
            }
            return backend;
        }
        List<ComputeBackend> backends = registry.providers(ComputeBackend.class);
        return backends.stream()
                .filter(b -> b.availability().isAvailable())
                .max(Comparator.comparingInt(b -> b.availability().score()))
                .orElseThrow(() -> new RealizarException(ErrorCode.BACKEND_UNAVAILABLE,
                        "no compute backend can run here (installed: " + registry.names(ComputeBackend.class) + ")"));
    }

    private static ByteBuffer head(Path path) {
        if (Files.isDirectory(path)) {
            return ByteBuffer.allocate(0);
        }
        try (InputStream in = Files.newInputStream(path)) {
            return ByteBuffer.wrap(in.readNBytes(FormatReader.PROBE_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        } catch (NoSuchFileException e) {
            throw new RealizarException(ErrorCode.NOT_FOUND, "model not found: " + path);
        } catch (IOException e) {
            throw new RealizarException(ErrorCode.IO_ERROR, "cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static String hex(ByteBuffer b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.limit()); i++) {
            sb.append(String.format("%02x", b.get(i)));
        }
        return sb.isEmpty() ? "(empty)" : sb.toString();
    }
}
