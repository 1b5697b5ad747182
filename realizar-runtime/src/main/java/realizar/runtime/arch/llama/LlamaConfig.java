package realizar.runtime.arch.llama;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.Metadata;

/**
 * Llama hyperparameters, read from the GGUF keys {@code <arch>.*} the way llama.cpp's {@code llm_load_hparams} reads
 * them, with its defaults.
 */
public record LlamaConfig(String architecture, int dim, int layers, int hiddenDim, int heads, int kvHeads, int headDim,
                          int ropeDims, float ropeBase, float rmsEps, int contextLength, int vocabSize) {

    public static LlamaConfig from(Metadata m, int vocabSize) {
        String arch = m.getString("general.architecture");
        int dim = m.getInt(arch + ".embedding_length");
        int heads = m.getInt(arch + ".attention.head_count");
        int kvHeads = m.getInt(arch + ".attention.head_count_kv", heads);
        int headDim = m.getInt(arch + ".attention.key_length", heads > 0 ? dim / heads : 0);
        LlamaConfig c = new LlamaConfig(arch, dim,
                m.getInt(arch + ".block_count"),
                m.getInt(arch + ".feed_forward_length"),
                heads, kvHeads, headDim,
                m.getInt(arch + ".rope.dimension_count", headDim),
                m.getFloat(arch + ".rope.freq_base", 10000f),
                m.getFloat(arch + ".attention.layer_norm_rms_epsilon", 1e-5f),
                m.getInt(arch + ".context_length", 2048),
                vocabSize);
        c.validate();
        return c;
    }

    private void validate() {
        if (dim <= 0 || layers <= 0 || hiddenDim <= 0 || heads <= 0 || kvHeads <= 0 || headDim <= 0 || vocabSize <= 0) {
            throw new RealizarException(ErrorCode.MALFORMED_MODEL, "implausible " + architecture + " hyperparameters: " + this);
        }
        if (heads % kvHeads != 0) {
            throw new RealizarException(ErrorCode.MALFORMED_MODEL,
                    architecture + ".attention.head_count (" + heads + ") is not a multiple of head_count_kv (" + kvHeads + ")");
        }
        if (ropeDims > headDim || ropeDims % 2 != 0) {
            throw new RealizarException(ErrorCode.MALFORMED_MODEL,
                    architecture + ".rope.dimension_count " + ropeDims + " must be even and at most the head size " + headDim);
        }
    }

    public int queryWidth() {
        return heads * headDim;
    }

    public int kvWidth() {
        return kvHeads * headDim;
    }
}
