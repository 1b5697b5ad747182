package realizar.cli.commands;

import java.nio.file.Path;

import picocli.CommandLine.Option;
import realizar.runtime.Installation;
import realizar.runtime.RealizarOptions;

/** Options every command that touches models shares: threads, backend and the plugins folder. */
public final class RuntimeOptions {
    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "CPU worker threads (0 = one per core; default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Compute backend by name (see 'realizar plugins'); default: the best available, or the realizar.backend system property.")
    String backend;

    @Option(names = "--format", paramLabel = "NAME",
            description = "Model format reader by name (see 'realizar plugins'); default: recognised from the file's leading bytes, or the realizar.format system property.")
    String format;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Folder of plugin jars to load in addition to the installed ones (default: the installation's plugins/).")
    Path plugins;

    RealizarOptions toOptions() {
        return new RealizarOptions(plugins != null ? plugins : Installation.pluginsDir(), backend, threads);
    }
}
