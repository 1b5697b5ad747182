package realizar.cli.commands;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import realizar.runtime.Installation;
import realizar.runtime.ModelOptions;
import realizar.runtime.model.KvType;
import realizar.server.RealizarServer;
import realizar.server.ServerConfig;

/** {@code realizar serve}: the HTTP server. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve a model over HTTP: /health, /generate and the OpenAI API (/v1/...).",
                "Routes: GET /health, POST /generate, GET /v1/models,",
                "POST /v1/completions, POST /v1/chat/completions (tools, tool_choice,",
                "response_format, stream). An embedding model (bert, nomic-bert) serves",
                "POST /v1/embeddings instead.",
                "Binds 127.0.0.1 by default, so only this machine can reach it."},
        footer = {"", "Examples:", "  realizar serve --demo",
                "  curl -s localhost:8080/generate -d '{\"prompt\":\"Once upon a time\",\"max_tokens\":32,\"temperature\":0}'"})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--model", paramLabel = "MODEL", description = "Model file to serve.")
        Path model;

        @Option(names = "--demo", description = "Serve the bundled demo model (stories260K, a tiny TinyStories llama).")
        boolean demo;
    }

    @Option(names = "--host", defaultValue = ServerConfig.DEFAULT_HOST, description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--ctx", defaultValue = "0", paramLabel = "N", description = "Context length; 0 = the model's, at most " + ModelOptions.DEFAULT_MAX_CONTEXT + ".")
    int ctx;

    @Option(names = "--kv-type", defaultValue = "f16", paramLabel = "TYPE", description = "KV cache precision: f32, f16 or q8_0 (default: ${DEFAULT-VALUE}).")
    String kvType;

    @Option(names = "--template", paramLabel = "NAME", description = "Chat template for /v1/chat/completions (default: the model's own, recognised by fingerprint).")
    String template;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws InterruptedException {
        Path model = which.demo ? Installation.demoModel() : which.model;
        ServerConfig config = new ServerConfig(model, host, port, runtime.toOptions(),
                new ModelOptions(runtime.format, ctx, KvType.parse(kvType), 512), template);
        RealizarServer server = RealizarServer.start(config);
        spec.commandLine().getErr().printf("realizar serving %s on http://%s:%d  (GET /health, POST /generate, /v1/...; Ctrl-C stops)%n",
                model, host, server.port());
        spec.commandLine().getErr().flush();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        Thread.currentThread().join();
        return 0;
    }
}
