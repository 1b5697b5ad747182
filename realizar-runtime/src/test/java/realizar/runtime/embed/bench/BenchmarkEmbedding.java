package realizar.runtime.embed.bench;

import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import realizar.api.backend.ComputeBackend;
import realizar.api.backend.ComputeDevice;
import realizar.api.backend.DeviceOptions;
import realizar.api.format.FormatReader;
import realizar.api.format.ModelFile;
import realizar.runtime.embed.EmbeddingModel;
import realizar.runtime.embed.Pooling;
import realizar.runtime.testing.OnnxModels;

/**
 * all-MiniLM-L6-v2 sentence embeddings (mean pooling, L2-normalised), one batch per operation, three engines:
 * <ul>
 *   <li>{@code realizar}: {@link EmbeddingModel} on the simd backend with {@code threads} worker threads, the batch
 *       packed into one forward pass;</li>
 *   <li>{@code onnxruntime}: ONNX Runtime on LangChain4j's bundled ONNX file, its own session with
 *       {@code intraOpNumThreads = threads}, the batch padded to its longest sentence with an attention mask (the same
 *       token ids as ours), then masked mean pooling and normalisation;</li>
 *   <li>{@code langchain4j}: {@code AllMiniLmL6V2EmbeddingModel.embedAll} as shipped (one ONNX run per sentence, spread
 *       over an executor of {@code threads} threads; ONNX Runtime's own intra-op threads at its default).</li>
 * </ul>
 * Sentences/s = batch × ops/s. Run through {@link BenchmarkEmbeddingMain}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BenchmarkEmbedding {
    /** Short sentences, as in the embedding fixtures (7 to 15 tokens). */
    static final List<String> SENTENCES = List.of(
            "Hello world", "The quick brown fox jumps over the lazy dog.", "This is an example sentence",
            "Each sentence is converted", "I love machine learning and natural language processing.",
            "Embeddings map text to vectors.", "What is the capital of France?", "Paris is the capital of France.",
            "The weather is lovely today.", "Java runs on the JVM.");

    /**
     * Multiply-add FLOPs of one token through all-MiniLM-L6-v2's matrix products: 6 layers × 2 × (Q, K, V, output
     * 384×384 and the 384×1536 up and 1536×384 down projections). Attention's score and value products add
     * 6 × 2 × 2 × tokens × 384 per token, under 1 % at these lengths, and are left out.
     */
    static final double FLOPS_PER_TOKEN = 6 * 2.0 * (4 * 384 * 384 + 2 * 384 * 1536);

    @Param({"realizar", "onnxruntime", "langchain4j"})
    public String engine;

    @Param({"1", "32"})
    public int batch;

    @Param({"1", "2"})
    public int threads;

    private List<String> texts;
    private ComputeDevice device;
    private ModelFile file;
    private EmbeddingModel realizar;
    private OrtEnvironment ort;
    private OrtSession session;
    private AllMiniLmL6V2EmbeddingModel langchain4j;
    private ExecutorService executor;
    private List<TextSegment> segments;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        texts = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            texts.add(SENTENCES.get(i % SENTENCES.size()));
        }
        segments = texts.stream().map(TextSegment::from).toList();
        device = ServiceLoader.load(ComputeBackend.class).stream().map(ServiceLoader.Provider::get)
                .filter(b -> b.name().equals("simd")).findFirst().orElseThrow().open(new DeviceOptions(threads, 0));
        file = ServiceLoader.load(FormatReader.class).stream().map(ServiceLoader.Provider::get)
                .filter(r -> r.name().equals("safetensors")).findFirst().orElseThrow()
                .open(OnnxModels.folder(OnnxModels.Bundled.ALL_MINILM_L6_V2));
        realizar = EmbeddingModel.of(file, device);
        switch (engine) {
            case "onnxruntime" -> {
                ort = OrtEnvironment.getEnvironment();
                try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                    options.setIntraOpNumThreads(threads);
                    options.setInterOpNumThreads(1);
                    session = ort.createSession(OnnxModels.onnxBytes(OnnxModels.Bundled.ALL_MINILM_L6_V2), options);
                }
            }
            case "langchain4j" -> {
                executor = Executors.newFixedThreadPool(threads);
                langchain4j = new AllMiniLmL6V2EmbeddingModel(executor);
            }
            default -> {
            }
        }
    }

    /** Tokens one operation runs through the encoder: ONNX Runtime pads the batch to its longest sentence. */
    int computedTokens() {
        int sum = 0;
        int longest = 0;
        for (String text : texts) {
            int n = realizar.tokenize(text).length;
            sum += n;
            longest = Math.max(longest, n);
        }
        return engine.equals("onnxruntime") ? longest * texts.size() : sum;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (session != null) {
            session.close();
        }
        if (executor != null) {
            executor.shutdown();
        }
        file.close();
        device.close();
    }

    @Benchmark
    public Object embed() throws Exception {
        return switch (engine) {
            case "realizar" -> realizar.embed(texts, Pooling.MEAN, true);
            case "onnxruntime" -> onnxRuntime();
            default -> langchain4j.embedAll(segments).content();
        };
    }

    /** One padded batch through ONNX Runtime, masked mean pooling, L2 normalisation. */
    private float[][] onnxRuntime() throws Exception {
        int[][] ids = new int[texts.size()][];
        int longest = 0;
        for (int i = 0; i < ids.length; i++) {
            ids[i] = realizar.tokenize(texts.get(i));
            longest = Math.max(longest, ids[i].length);
        }
        long[] inputIds = new long[ids.length * longest];
        long[] mask = new long[ids.length * longest];
        for (int i = 0; i < ids.length; i++) {
            for (int j = 0; j < ids[i].length; j++) {
                inputIds[i * longest + j] = ids[i][j];
                mask[i * longest + j] = 1;
            }
        }
        long[] shape = {ids.length, longest};
        try (OnnxTensor in = OnnxTensor.createTensor(ort, LongBuffer.wrap(inputIds), shape);
             OnnxTensor am = OnnxTensor.createTensor(ort, LongBuffer.wrap(mask), shape);
             OnnxTensor types = OnnxTensor.createTensor(ort, LongBuffer.wrap(new long[inputIds.length]), shape);
             OrtSession.Result result = session.run(Map.of("input_ids", in, "attention_mask", am, "token_type_ids", types))) {
            float[][][] hidden = (float[][][]) result.get(0).getValue();
            float[][] out = new float[ids.length][];
            for (int i = 0; i < ids.length; i++) {
                float[] e = new float[hidden[i][0].length];
                for (int j = 0; j < ids[i].length; j++) {
                    for (int d = 0; d < e.length; d++) {
                        e[d] += hidden[i][j][d];
                    }
                }
                double norm = 0;
                for (float v : e) {
                    norm += (double) v * v;
                }
                for (int d = 0; d < e.length; d++) {
                    e[d] /= (float) Math.sqrt(norm);
                }
                out[i] = e;
            }
            return out;
        }
    }
}
