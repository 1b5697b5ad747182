package realizar.runtime.arch.decoder;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.Metadata;

/**
 * The hyperparameters every decoder-only transformer has, read from the GGUF keys {@code <arch>.*} with llama.cpp's
 * defaults ({@code llama_model::load_hparams}): head_count_kv defaults to head_count, key_length to
 * embedding_length / head_count, value_length to key_length. Architecture-specific keys (epsilons, soft-caps,
 * sliding window) are read by each architecture.
 *
 * @param headDim       per-head width of queries, keys and values ({@code attention.key_length})
 * @param contextLength the trained context ({@code context_length})
 */
public record HParams(String arch, int dim, int layers, int ff, int heads, int kvHeads, int headDim, int vocab,
                      int contextLength) {

    public static HParams read(Metadata m, int vocab) {
        String arch = m.getString("general.architecture");
        int dim = m.getInt(arch + ".embedding_length");
        int heads = m.getInt(arch + ".attention.head_count");
        int kvHeads = m.getInt(arch + ".attention.head_count_kv", heads);
        int headDim = m.getInt(arch + ".attention.key_length", heads > 0 ? dim / heads : 0);
        int valueDim = m.getInt(arch + ".attention.value_length", headDim);
        HParams p = new HParams(arch, dim, m.getInt(arch + ".block_count"), m.getInt(arch + ".feed_forward_length"),
                heads, kvHeads, headDim, vocab, m.getInt(arch + ".context_length"));
        p.validate(valueDim);
        return p;
    }

    private void validate(int valueDim) {
        if (dim <= 0 || layers <= 0 || ff <= 0 || heads <= 0 || kvHeads <= 0 || headDim <= 0 || vocab <= 0 || contextLength <= 0) {
            throw new RealizarException(ErrorCode.MALFORMED_MODEL, "implausible " + arch + " hyperparameters: " + this);
        }
        if (heads % kvHeads != 0) {
            throw new RealizarException(ErrorCode.MALFORMED_MODEL,
                    arch + ".attention.head_count (" + heads + ") is not a multiple of head_count_kv (" + kvHeads + ")");
        }
        if (valueDim != headDim) {
            throw new RealizarException(ErrorCode.UNSUPPORTED_ARCHITECTURE, arch + ".attention.value_length (" + valueDim
                    + ") differs from key_length (" + headDim + "); realizar supports equal key and value head sizes");
        }
    }

    /** Width of one row of queries: heads × head size. */
    public int queryWidth() {
        return heads * headDim;
    }

    /** Width of one row of keys or values: KV heads × head size. */
    public int kvWidth() {
        return kvHeads * headDim;
    }

    /** A required float key {@code <arch>.<suffix>}. */
    public float requireFloat(Metadata m, String suffix) {
        return m.getFloat(arch + "." + suffix);
    }
}
