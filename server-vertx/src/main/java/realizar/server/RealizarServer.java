package realizar.server;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.chat.ChatTemplate;
import realizar.api.chat.TemplateSource;
import realizar.runtime.Installation;
import realizar.runtime.chat.ChatTemplates;
import realizar.runtime.embed.EmbeddingModel;
import realizar.runtime.LoadedModel;
import realizar.runtime.ModelOptions;
import realizar.runtime.Realizar;
import realizar.runtime.RealizarOptions;
import realizar.runtime.Version;
import realizar.runtime.model.KvType;

/**
 * The HTTP server: the router in one place, one line per route, one failure handler that maps errors to a status and
 * JSON. Inference never runs on the event loop.
 */
public final class RealizarServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RealizarServer.class.getName());
    private static final long MAX_BODY_BYTES = 4 << 20;
    private static final java.util.Set<String> ROUTES = java.util.Set.of("/health", "/generate", "/v1/models",
            "/v1/completions", "/v1/chat/completions", "/v1/embeddings");

    private final Realizar realizar;
    /** The generative model, or null when an embedding model is served. */
    private final LoadedModel model;
    /** The embedding model, or null when a generative model is served. */
    private final EmbeddingModel embedder;
    private final Vertx vertx;
    private final WorkerExecutor workers;
    private final ObjectMapper json = new ObjectMapper();
    private final GenerateHandler generate;
    private final ChatCompletions chat;
    private final Completions completions;
    private final Embeddings embeddings;
    private final String modelId;
    private final String architecture;
    private final HttpServer http;

    private RealizarServer(ServerConfig config) {
        this.realizar = Realizar.create(config.runtime());
        try {
            // An encoder (BERT family) serves /v1/embeddings; anything else is loaded as a generative model.
            boolean encoder;
            try (var file = realizar.open(config.model(), config.loading().format())) {
                encoder = EmbeddingModel.isEncoder(file.metadata());
            }
            this.embedder = encoder ? EmbeddingModel.open(realizar, config.model()) : null;
            this.model = encoder ? null : realizar.load(config.model(), config.loading());
        } catch (RuntimeException e) {
            realizar.close();
            throw e;
        }
        this.modelId = config.model().getFileName().toString();
        this.vertx = Vertx.vertx();
        this.workers = vertx.createSharedWorkerExecutor("realizar-generate", 4, 10, TimeUnit.MINUTES);
        if (model != null) {
            this.architecture = model.model().architecture();
            this.generate = new GenerateHandler(model, json);
            TemplateSource source = ChatTemplates.sourceOf(model.file().metadata());
            ChatTemplate template = ChatTemplates.select(realizar.plugins(), source, config.template());
            this.chat = new ChatCompletions(model, json, modelId, template, source,
                    ChatTemplates.toolFormatFor(realizar.plugins(), template, source, null));
            this.completions = new Completions(model, json, modelId);
            this.embeddings = null;
        } else {
            this.architecture = embedder.architecture();
            this.generate = null;
            this.chat = null;
            this.completions = null;
            this.embeddings = new Embeddings(embedder, json, modelId);
        }
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
        router.get("/health").handler(this::health);
        router.get("/v1/models").handler(this::models);
        if (model != null) {
            router.post("/generate").handler(this::generate);
            router.post("/v1/completions").handler(ctx -> openAi(ctx, completions::parse, completions::run, Completions.Job::stream));
            router.post("/v1/chat/completions").handler(ctx -> openAi(ctx, chat::parse, chat::run, ChatCompletions.Job::stream));
            router.post("/v1/embeddings").handler(ctx -> ctx.fail(new ApiError(400, "model", "UNSUPPORTED_OPERATION",
                    modelId + " is a generative model; serve an embedding model (" + EmbeddingModel.ARCHITECTURES + ") for /v1/embeddings")));
        } else {
            router.post("/v1/embeddings").handler(ctx -> openAi(ctx, embeddings::parse, (job, sse) -> embeddings.run(job), job -> false));
            router.post("/generate").handler(this::notGenerative);
            router.post("/v1/completions").handler(this::notGenerative);
            router.post("/v1/chat/completions").handler(this::notGenerative);
        }
        // Anything else: 405 for a known path with the wrong method, 404 otherwise — as JSON, like every error.
        router.route().handler(ctx -> ctx.fail(ROUTES.contains(ctx.request().path()) ? 405 : 404));
        router.route().failureHandler(this::failure);
        try {
            this.http = vertx.createHttpServer().requestHandler(router)
                    .listen(config.port(), config.host()).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new RealizarException(ErrorCode.IO_ERROR, "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
    }

    /** Loads the model and starts listening; returns once the port is bound. */
    public static RealizarServer start(ServerConfig config) {
        return new RealizarServer(config);
    }

    /** The bound port (useful when the configured port was 0). */
    public int port() {
        return http.actualPort();
    }

    private void health(RoutingContext ctx) {
        ObjectNode out = json.createObjectNode();
        out.put("status", "ok");
        out.put("model", modelId);
        out.put("architecture", architecture);
        out.put("version", Version.get());
        send(ctx, 200, out);
    }

    private void generate(RoutingContext ctx) {
        var request = generate.parse(body(ctx));
        workers.executeBlocking(() -> generate.run(request), false).onComplete(ar -> {
            if (ar.succeeded()) {
                send(ctx, 200, ar.result());
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    private void notGenerative(RoutingContext ctx) {
        ctx.fail(new ApiError(400, "model", "UNSUPPORTED_OPERATION", modelId + " is an embedding model (" + architecture
                + "); it serves /v1/embeddings only"));
    }

    private void models(RoutingContext ctx) {
        ObjectNode out = json.createObjectNode().put("object", "list");
        out.putArray("data").addObject().put("id", modelId).put("object", "model").put("created", 0).put("owned_by", "realizar");
        send(ctx, 200, out);
    }

    /** The shape every OpenAI endpoint shares: parse on the event loop, generate on a worker, JSON or SSE out. */
    private <J> void openAi(RoutingContext ctx, java.util.function.Function<JsonNode, J> parse,
                            java.util.function.BiFunction<J, SseWriter, ObjectNode> run, java.util.function.Predicate<J> streams) {
        J job = parse.apply(body(ctx));
        SseWriter sse = streams.test(job) ? new SseWriter(ctx.response()) : null;
        workers.executeBlocking(() -> run.apply(job, sse), false).onComplete(ar -> {
            if (ar.failed()) {
                if (sse == null || !ctx.response().headWritten()) {
                    ctx.fail(ar.cause());
                } else if (!ctx.response().ended()) {
                    // Mid-stream: the status is already sent; report the error as a final event.
                    ObjectNode error = json.createObjectNode();
                    error.putObject("error").put("message", String.valueOf(ar.cause().getMessage())).put("type", "server_error");
                    sse.send(error.toString());
                    sse.done();
                }
            } else if (sse == null) {
                send(ctx, 200, ar.result());
            }
        });
    }

    private JsonNode body(RoutingContext ctx) {
        try {
            return json.readTree(ctx.body().asString("UTF-8"));
        } catch (JsonProcessingException e) {
            throw ApiError.badField(null, "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
    }

    private void failure(RoutingContext ctx) {
        Throwable t = ctx.failure();
        int status;
        String code;
        String param = null;
        String message;
        if (t instanceof ApiError e) {
            status = e.status;
            code = e.code;
            param = e.param;
            message = e.getMessage();
        } else if (t instanceof RealizarException e) {
            status = e.code().isUserError() ? 400 : 500;
            code = e.code().name();
            message = e.getMessage();
        } else if (t == null) {
            status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            code = switch (status) {
                case 404 -> "NOT_FOUND";
                case 405 -> "METHOD_NOT_ALLOWED";
                case 413 -> "REQUEST_TOO_LARGE";
                default -> "HTTP_" + status;
            };
            message = switch (status) {
                case 404 -> "no route for " + ctx.request().method() + " " + ctx.request().path();
                case 405 -> ctx.request().method() + " is not allowed on " + ctx.request().path();
                case 413 -> "request body over " + MAX_BODY_BYTES + " bytes";
                default -> "request failed";
            };
        } else {
            LOG.log(System.Logger.Level.ERROR, "internal error on " + ctx.request().path(), t);
            status = 500;
            code = ErrorCode.INTERNAL.name();
            message = "internal error: " + t;
        }
        ObjectNode error = json.createObjectNode();
        ObjectNode e = error.putObject("error");
        e.put("message", message);
        e.put("type", status < 500 ? "invalid_request_error" : "server_error");
        e.put("code", code);
        if (param != null) {
            e.put("param", param);
        } else {
            e.putNull("param");
        }
        send(ctx, status, error);
    }

    private void send(RoutingContext ctx, int status, JsonNode body) {
        if (ctx.response().ended()) {
            return;
        }
        try {
            ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                    .end(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end();
        }
    }

    @Override
    public void close() {
        if (vertx != null) {
            vertx.close().await();
        }
        if (model != null) {
            model.close();
        }
        if (embedder != null) {
            embedder.close();
        }
        realizar.close();
    }

    /**
     * {@code java -m realizar.server [--model PATH | --demo] [--host H] [--port P] [--threads N] [--backend NAME]
     * [--ctx N] [--kv-type f32|f16|q8_0]}. Without {@code --model}, serves the bundled demo model.
     */
    public static void main(String[] args) throws InterruptedException {
        ServerArgs parsed;
        try {
            parsed = ServerArgs.parse(args);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage() + "\n" + ServerArgs.USAGE);
            Runtime.getRuntime().halt(2);
            return;
        }
        if (parsed.help()) {
            LOG.log(System.Logger.Level.INFO, ServerArgs.USAGE);
            return;
        }
        RealizarServer server = start(parsed.config());
        LOG.log(System.Logger.Level.INFO, "realizar " + Version.get() + " serving " + parsed.config().model() + " on http://"
                + parsed.config().host() + ":" + server.port() + " (GET /health, POST /generate, OpenAI /v1/...)");
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        Thread.currentThread().join();
    }

    /** Command-line arguments of {@link #main}. */
    record ServerArgs(ServerConfig config, boolean help) {
        static final String USAGE = "usage: java -m realizar.server [--model PATH | --demo] [--host 127.0.0.1] [--port 8080]"
                + " [--threads N] [--backend NAME] [--ctx N] [--kv-type f32|f16|q8_0] [--template NAME]";

        static ServerArgs parse(String[] args) {
            Path model = null;
            String host = ServerConfig.DEFAULT_HOST;
            int port = ServerConfig.DEFAULT_PORT;
            RealizarOptions runtime = RealizarOptions.defaults();
            ModelOptions loading = ModelOptions.defaults();
            String template = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--help", "-h" -> {
                        return new ServerArgs(null, true);
                    }
                    case "--demo" -> model = Installation.demoModel();
                    case "--model" -> model = Path.of(value(args, ++i, a));
                    case "--host" -> host = value(args, ++i, a);
                    case "--port" -> port = integer(value(args, ++i, a), a, 0, 65535);
                    case "--threads" -> runtime = runtime.withThreads(integer(value(args, ++i, a), a, 0, 1024));
                    case "--backend" -> runtime = runtime.withBackend(value(args, ++i, a));
                    case "--ctx" -> loading = loading.withContextLength(integer(value(args, ++i, a), a, 0, Integer.MAX_VALUE));
                    case "--kv-type" -> loading = loading.withKvType(KvType.parse(value(args, ++i, a)));
                    case "--template" -> template = value(args, ++i, a);
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            return new ServerArgs(new ServerConfig(model != null ? model : Installation.demoModel(), host, port, runtime, loading, template), false);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int integer(String s, String option, int min, int max) {
            try {
                int v = Integer.parseInt(s);
                if (v < min || v > max) {
                    throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", got " + v);
                }
                return v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a whole number, got '" + s + "'");
            }
        }
    }
}
