package realizar.runtime;

import java.nio.file.Path;

/**
 * How to set up the runtime.
 *
 * @param pluginsDir extra plugin jars (each jar, or each sub-folder of jars, gets its own module layer); null for none
 * @param backend    the compute backend by name, or null to take the best available (or the {@code realizar.backend}
 *                   system property)
 * @param threads    CPU worker threads; 0 = one per core
 */
public record RealizarOptions(Path pluginsDir, String backend, int threads) {
    /** The plugins folder of the installation ({@code realizar.plugins}, else {@code $realizar.home/plugins}), if any. */
    public static RealizarOptions defaults() {
        return new RealizarOptions(Installation.pluginsDir(), null, 0);
    }

    public RealizarOptions withBackend(String backend) {
        return new RealizarOptions(pluginsDir, backend, threads);
    }

    public RealizarOptions withThreads(int threads) {
        return new RealizarOptions(pluginsDir, backend, threads);
    }
}
