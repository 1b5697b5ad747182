package realizar.runtime.arch.decoder;

import realizar.runtime.ops.Activations;
import realizar.runtime.ops.Gelu;

/** The feed-forward variants of llama.cpp's {@code build_ffn}. */
public final class FeedForward {
    public enum Kind {
        /** down·(silu(gate·x) ⊙ up·x): LLM_FFN_SILU, LLM_FFN_PAR (Llama, Qwen). */
        SWIGLU,
        /** down·swiglu(up·x) with up = [gate; up] stacked (Phi-3's fused ffn_up): LLM_FFN_SWIGLU, LLM_FFN_SEQ. */
        SWIGLU_FUSED,
        /** down·(gelu(gate·x) ⊙ up·x): LLM_FFN_GELU, LLM_FFN_PAR (Gemma). */
        GEGLU,
        /** down·gelu(up·x + b) + b: LLM_FFN_GELU, LLM_FFN_SEQ without gate (GPT-2, Phi-2). */
        GELU
    }

    private final Kind kind;
    private final Linear up;
    private final Linear gate;
    private final Linear down;
    private final int ff;

    private FeedForward(Kind kind, Linear up, Linear gate, Linear down, int ff) {
        this.kind = kind;
        this.up = up;
        this.gate = gate;
        this.down = down;
        this.ff = ff;
    }

    /** Loads {@code <prefix>ffn_up}, {@code ffn_gate} (gated kinds) and {@code ffn_down}, with biases if present. */
    public static FeedForward load(TensorLoader t, String prefix, HParams p, Kind kind) {
        int dim = p.dim();
        int ff = p.ff();
        Linear down = t.linear(prefix + "ffn_down", ff, dim);
        return switch (kind) {
            case SWIGLU, GEGLU -> new FeedForward(kind, t.linear(prefix + "ffn_up", dim, ff),
                    t.linear(prefix + "ffn_gate", dim, ff), down, ff);
            case SWIGLU_FUSED -> new FeedForward(kind, t.linear(prefix + "ffn_up", dim, 2 * ff), null, down, ff);
            case GELU -> new FeedForward(kind, t.linear(prefix + "ffn_up", dim, ff), null, down, ff);
        };
    }

    /** Values per token of the up projection's output. */
    public static int upWidth(Kind kind, int ff) {
        return kind == Kind.SWIGLU_FUSED ? 2 * ff : ff;
    }

    /** {@code b.n} rows of {@code in} through the network into {@code out}, using {@code b.up}/{@code b.gate} as scratch. */
    public void forward(Batch b, float[] in, float[] out) {
        int n = b.n;
        switch (kind) {
            case SWIGLU -> {
                up.apply(in, b.up, n);
                gate.apply(in, b.gate, n);
                Activations.swiglu(b.gate, b.up, n, ff);
                down.apply(b.gate, out, n);
            }
            case SWIGLU_FUSED -> {
                up.apply(in, b.up, n);
                Activations.swigluFused(b.up, b.gate, n, ff);
                down.apply(b.gate, out, n);
            }
            case GEGLU -> {
                up.apply(in, b.up, n);
                gate.apply(in, b.gate, n);
                Gelu.geglu(b.gate, b.up, n * ff);
                down.apply(b.gate, out, n);
            }
            case GELU -> {
                up.apply(in, b.up, n);
                Gelu.inPlace(b.up, n * ff);
                down.apply(b.up, out, n);
            }
        }
    }
}
