package realizar.runtime.arch.llama;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.backend.AttentionShape;
import realizar.api.backend.ComputeDevice;
import realizar.api.format.ModelFile;
import realizar.runtime.model.CausalLM;
import realizar.runtime.model.KvType;
import realizar.runtime.model.Session;
import realizar.runtime.ops.Rope;

/**
 * The llama architecture (Llama 1/2/3, TinyLlama, Mistral, the TinyStories models): pre-norm RMSNorm blocks,
 * rotary attention with grouped-query heads, a SwiGLU feed-forward network.
 */
public final class LlamaModel implements CausalLM {
    final LlamaConfig config;
    final LlamaWeights weights;
    final ComputeDevice device;
    final Rope rope;
    final AttentionShape attention;

    private LlamaModel(LlamaConfig config, LlamaWeights weights, ComputeDevice device) {
        this.config = config;
        this.weights = weights;
        this.device = device;
        this.rope = new Rope(Rope.Style.NORMAL, config.headDim(), config.ropeDims(), config.ropeBase(), weights.ropeFreqs());
        this.attention = new AttentionShape(config.heads(), config.kvHeads(), config.headDim(),
                (float) (1.0 / Math.sqrt(config.headDim())), 0f, 0);
    }

    public static LlamaModel load(ModelFile file, ComputeDevice device) {
        int vocab = Math.toIntExact(file.tensor("token_embd.weight").info().rowCount());
        LlamaConfig config = LlamaConfig.from(file.metadata(), vocab);
        return new LlamaModel(config, LlamaWeights.load(file, device, config), device);
    }

    public LlamaConfig config() {
        return config;
    }

    @Override
    public String architecture() {
        return config.architecture();
    }

    @Override
    public int vocabSize() {
        return config.vocabSize();
    }

    @Override
    public int trainedContextLength() {
        return config.contextLength();
    }

    @Override
    public Session newSession(int contextLength, KvType kvType, int maxBatch) {
        if (contextLength <= 0 || maxBatch <= 0) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "context length and batch must be positive");
        }
        return new LlamaSession(this, contextLength, kvType, maxBatch);
    }

    @Override
    public void close() {
        // Weights are views of the file mapping; the device and file are owned by whoever opened them.
    }
}
