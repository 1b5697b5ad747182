package realizar.runtime.embed;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.Metadata;

/**
 * Hyperparameters of a BERT-family encoder, read from the GGUF keys llama.cpp's {@code bert} and {@code nomic-bert}
 * loaders read ({@code <arch>.embedding_length}, {@code .attention.layer_norm_epsilon}, {@code .pooling_type} ...).
 *
 * @param rotary          nomic-bert: rotary positions (NEOX) and a SwiGLU feed-forward instead of learned positions
 *                        and GELU
 * @param geluErf         GELU with erf (PyTorch's {@code "gelu"}), from {@code realizar.gelu.erf}; otherwise the tanh
 *                        approximation llama.cpp uses
 * @param pooling         the model's own pooling ({@code <arch>.pooling_type}), MEAN when it names none
 * @param maxSequenceLength the longest token sequence embedded; longer inputs are truncated
 */
record EncoderConfig(String architecture, int dim, int layers, int hiddenDim, int heads, float eps, int contextLength,
                     boolean rotary, float ropeBase, boolean geluErf, Pooling pooling, int maxSequenceLength) {
    static final String GELU_ERF_KEY = "realizar.gelu.erf";
    static final String MAX_SEQUENCE_KEY = "realizar.max_sequence_length";

    static EncoderConfig from(Metadata m) {
        String arch = m.findString("general.architecture").orElseThrow(() -> new RealizarException(ErrorCode.MALFORMED_MODEL,
                "the model has no general.architecture"));
        if (!arch.equals("bert") && !arch.equals("nomic-bert")) {
            throw new RealizarException(ErrorCode.UNSUPPORTED_ARCHITECTURE, "architecture '" + arch
                    + "' is not an embedding encoder; supported: bert, nomic-bert");
        }
        String a = arch + ".";
        int dim = m.getInt(a + "embedding_length");
        int heads = m.getInt(a + "attention.head_count");
        int context = m.getInt(a + "context_length", 512);
        Pooling pooling = m.findLong(a + "pooling_type").map(Pooling::fromGgufType).orElse(null);
        int maxSeq = Math.min(context, m.getInt(MAX_SEQUENCE_KEY, context));
        EncoderConfig c = new EncoderConfig(arch, dim, m.getInt(a + "block_count"), m.getInt(a + "feed_forward_length"), heads,
                m.getFloat(a + "attention.layer_norm_epsilon", 1e-12f), context, arch.equals("nomic-bert"),
                m.getFloat(a + "rope.freq_base", 10000f), m.getBoolean(GELU_ERF_KEY, false),
                pooling == null ? Pooling.MEAN : pooling, maxSeq);
        c.validate();
        return c;
    }

    int headDim() {
        return dim / heads;
    }

    private void validate() {
        if (dim <= 0 || layers <= 0 || hiddenDim <= 0 || heads <= 0 || dim % heads != 0 || maxSequenceLength <= 0) {
            throw new RealizarException(ErrorCode.MALFORMED_MODEL, "implausible " + architecture + " hyperparameters: " + this);
        }
        if (rotary && headDim() % 2 != 0) {
            throw new RealizarException(ErrorCode.MALFORMED_MODEL, architecture + ": rotary head size " + headDim() + " must be even");
        }
    }
}
