package realizar.server;

import java.nio.file.Path;

import realizar.runtime.ModelOptions;
import realizar.runtime.RealizarOptions;

/**
 * What the server serves and where.
 *
 * @param model   the model file or folder
 * @param host    the address to bind (127.0.0.1 by default: not reachable from other machines)
 * @param port    the port; 0 picks a free one
 * @param runtime plugin and backend options
 * @param loading  how to load the model
 * @param template the chat template by name, or null to choose from the model
 */
public record ServerConfig(Path model, String host, int port, RealizarOptions runtime, ModelOptions loading, String template) {
    public ServerConfig(Path model, String host, int port, RealizarOptions runtime, ModelOptions loading) {
        this(model, host, port, runtime, loading, null);
    }

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
}
