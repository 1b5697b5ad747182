package realizar.runtime.arch.decoder;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.backend.ComputeDevice;
import realizar.api.format.ModelFile;
import realizar.api.format.Tensor;
import realizar.runtime.model.CausalLM;
import realizar.runtime.model.KvCache;
import realizar.runtime.model.KvType;
import realizar.runtime.model.Session;

/**
 * A decoder-only transformer bound to a device: what every architecture shares (hyperparameters, the token
 * embedding, sessions with a KV cache). Each architecture writes {@link #forward} the way llama.cpp's graph builder for
 * it reads. Immutable after loading; sessions hold all mutable state.
 */
public abstract class DecoderModel implements CausalLM {
    protected final HParams hp;
    protected final ComputeDevice device;
    protected final Tensor tokenEmbedding;

    protected DecoderModel(HParams hp, ComputeDevice device, Tensor tokenEmbedding) {
        this.hp = hp;
        this.device = device;
        this.tokenEmbedding = tokenEmbedding;
    }

    /** The token embedding {@code token_embd.weight} [n_embd, n_vocab]; its row count is the vocabulary size. */
    protected static Tensor tokenEmbedding(ModelFile file) {
        return file.tensor("token_embd.weight");
    }

    /** Reads the shared hyperparameters, the vocabulary size being the embedding's row count. */
    protected static HParams hparams(ModelFile file) {
        Tensor embd = tokenEmbedding(file);
        HParams p = HParams.read(file.metadata(), Math.toIntExact(embd.info().rowCount()));
        if (embd.info().dim(0) != p.dim()) {
            throw new RealizarException(ErrorCode.MALFORMED_MODEL, "token_embd.weight rows have " + embd.info().dim(0)
                    + " values but " + p.arch() + ".embedding_length is " + p.dim());
        }
        return p;
    }

    public HParams hparams() {
        return hp;
    }

    @Override
    public String architecture() {
        return hp.arch();
    }

    @Override
    public int vocabSize() {
        return hp.vocab();
    }

    @Override
    public int trainedContextLength() {
        return hp.contextLength();
    }

    /** The most positions a session may hold (GPT-2: its learned position table). */
    protected int maxContextLength() {
        return Integer.MAX_VALUE;
    }

    /** Values per token of the FFN up projection. */
    protected abstract int upWidth();

    /** Values per token of a fused QKV projection, 0 if the projections are separate. */
    protected abstract int fusedQkvWidth();

    /**
     * Evaluates {@code b.n} tokens of {@code tokens} from {@code offset} at positions {@code b.pos0…}, storing their keys
     * and values in {@code cache} and the logits of the last one in {@code b.logits}. Token ids are already checked.
     */
    protected abstract void forward(int[] tokens, int offset, Batch b, KvCache cache);

    /** Copies the embedding rows of {@code b.n} tokens into {@code b.x} (ggml_get_rows, dequantizing). */
    protected void embed(int[] tokens, int offset, Batch b) {
        int dim = hp.dim();
        for (int t = 0; t < b.n; t++) {
            device.dequantize(tokenEmbedding, (long) tokens[offset + t] * dim, b.x, t * dim, dim);
        }
    }

    @Override
    public Session newSession(int contextLength, KvType kvType, int maxBatch) {
        if (contextLength <= 0 || maxBatch <= 0) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "context length and batch must be positive, got "
                    + contextLength + " and " + maxBatch);
        }
        if (contextLength > maxContextLength()) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "a context of " + contextLength + " positions exceeds the "
                    + maxContextLength() + " this " + hp.arch() + " model has position embeddings for");
        }
        int batch = Math.min(maxBatch, contextLength);
        KvCache cache = new KvCache(hp.layers(), contextLength, hp.kvWidth(), kvType == null ? KvType.F16 : kvType);
        return new DecoderSession(this, cache, new Batch(hp, batch, upWidth(), fusedQkvWidth()));
    }

    @Override
    public void close() {
        // Weights are views of the file mapping; the device and the file belong to whoever opened them.
    }
}
