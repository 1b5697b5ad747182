package realizar.runtime.embed;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.backend.ComputeDevice;
import realizar.api.format.ModelFile;
import realizar.runtime.Realizar;
import realizar.runtime.tokenizer.Tokenizer;

/**
 * A sentence-embedding model: a BERT-family encoder ({@code bert}, {@code nomic-bert}; all-MiniLM, bge, BERT-base,
 * nomic-embed) from a GGUF file or a Hugging Face safetensors folder, its WordPiece tokenizer, and pooling.
 *
 * <pre>{@code
 * try (Realizar realizar = Realizar.create(RealizarOptions.defaults());
 *      EmbeddingModel model = EmbeddingModel.open(realizar, Path.of("all-MiniLM-L6-v2"))) {
 *     float[][] vectors = model.embed(List.of("first sentence", "second"), Pooling.MEAN, true);
 * }
 * }</pre>
 *
 * <p>Texts get [CLS]/[SEP] as the tokenizer's metadata says and are truncated to {@link #maxSequenceLength()} tokens
 * (the last one kept when it is [SEP]). A call embeds its texts in packed batches of up to {@value #BATCH_TOKENS} tokens.
 * Thread-safe: calls are serialised (the compute device runs one operation at a time). Closing it releases the file
 * when it owns it and the joined Q/K/V copies; the device belongs to the {@link Realizar} that opened it (the weight copies
 * it makes for {@link ComputeDevice#batchWeights} are freed when it closes).
 */
public final class EmbeddingModel implements AutoCloseable {
    /** Tokens per forward pass: large enough that matrix products amortise, small enough to bound activations. */
    static final int BATCH_TOKENS = 4096;

    private final ModelFile file;
    private final boolean ownsFile;
    private final EncoderConfig config;
    private final EncoderWeights weights;
    private final Encoder encoder;
    private final Tokenizer tokenizer;
    private final ReentrantLock lock = new ReentrantLock();

    private EmbeddingModel(ModelFile file, boolean ownsFile, ComputeDevice device) {
        this.file = file;
        this.ownsFile = ownsFile;
        this.config = EncoderConfig.from(file.metadata());
        this.weights = EncoderWeights.load(file, device, config);
        try {
            this.encoder = new Encoder(config, weights, device);
            this.tokenizer = Tokenizer.fromMetadata(file.metadata());
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    /** The encoder architectures this class runs ({@code general.architecture} values). */
    public static final java.util.Set<String> ARCHITECTURES = java.util.Set.of("bert", "nomic-bert");

    /** Whether a model with this metadata is an embedding encoder (rather than a generative model). */
    public static boolean isEncoder(realizar.api.format.Metadata metadata) {
        return metadata.findString("general.architecture").map(ARCHITECTURES::contains).orElse(false);
    }

    /** Opens {@code path} (a GGUF file or a Hugging Face folder) with {@code realizar}'s readers and device. */
    public static EmbeddingModel open(Realizar realizar, Path path) {
        ModelFile file = realizar.open(path, null);
        try {
            return new EmbeddingModel(file, true, realizar.device());
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** An embedding model over an already open file; the caller keeps ownership of the file and the device. */
    public static EmbeddingModel of(ModelFile file, ComputeDevice device) {
        return new EmbeddingModel(file, false, device);
    }

    /** Embeds each text with the model's own pooling, L2-normalised. */
    public float[][] embed(List<String> texts) {
        return embed(texts, defaultPooling(), true);
    }

    /**
     * One vector per text, in order.
     *
     * @param normalize divide each vector by its L2 norm (the sentence-transformers and llama.cpp default)
     */
    public float[][] embed(List<String> texts, Pooling pooling, boolean normalize) {
        List<int[]> ids = new ArrayList<>(texts.size());
        for (String text : texts) {
            ids.add(tokenize(text));
        }
        return embedTokens(ids, pooling, normalize);
    }

    /** Token ids of {@code text} as embedded: special tokens added, truncated to {@link #maxSequenceLength()}. */
    public int[] tokenize(String text) {
        int[] ids = tokenizer.encode(text, true, false);
        int max = config.maxSequenceLength();
        if (ids.length <= max) {
            return ids;
        }
        int last = ids[ids.length - 1];
        int[] out = Arrays.copyOf(ids, max);
        if (last == tokenizer.separatorId() || last == tokenizer.eosId()) {
            out[max - 1] = last;                        // keep [SEP], as Hugging Face's truncation does
        }
        return out;
    }

    /** Embeds sequences of token ids (each non-empty and at most {@link #maxSequenceLength()} long). */
    public float[][] embedTokens(List<int[]> sequences, Pooling pooling, boolean normalize) {
        for (int i = 0; i < sequences.size(); i++) {
            int n = sequences.get(i).length;
            if (n == 0 || n > config.maxSequenceLength()) {
                throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "sequence " + i + " has " + n
                        + " tokens; between 1 and " + config.maxSequenceLength() + " are allowed");
            }
        }
        float[][] out = new float[sequences.size()][];
        lock.lock();
        try {
            for (int from = 0; from < sequences.size(); ) {
                int to = from;
                int tokens = 0;
                while (to < sequences.size() && (to == from || tokens + sequences.get(to).length <= BATCH_TOKENS)) {
                    tokens += sequences.get(to++).length;
                }
                runBatch(sequences.subList(from, to), pooling, normalize, out, from);
                from = to;
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    private void runBatch(List<int[]> batch, Pooling pooling, boolean normalize, float[][] out, int first) {
        int[][] seqs = batch.toArray(new int[0][]);
        int[] offsets = new int[seqs.length + 1];
        for (int s = 0; s < seqs.length; s++) {
            offsets[s + 1] = offsets[s] + seqs[s].length;
        }
        float[] hidden = encoder.forward(seqs, offsets);
        int dim = config.dim();
        for (int s = 0; s < seqs.length; s++) {
            float[] e = PoolingOps.pool(hidden, offsets[s], offsets[s + 1], dim, pooling);
            if (normalize) {
                PoolingOps.normalize(e);
            }
            out[first + s] = e;
        }
    }

    public int dimensions() {
        return config.dim();
    }

    /** The pooling the model declares ({@code <arch>.pooling_type}, sentence-transformers' Pooling module), else MEAN. */
    public Pooling defaultPooling() {
        return config.pooling();
    }

    /** The longest token sequence embedded; longer texts are truncated. */
    public int maxSequenceLength() {
        return config.maxSequenceLength();
    }

    /** {@code bert} or {@code nomic-bert}. */
    public String architecture() {
        return config.architecture();
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public ModelFile file() {
        return file;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            weights.close();
        } finally {
            lock.unlock();
        }
        if (ownsFile) {
            file.close();
        }
    }
}
