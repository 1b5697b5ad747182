package realizar.runtime.arch.decoder;

import realizar.api.backend.ComputeDevice;
import realizar.api.format.Tensor;
import realizar.runtime.ops.Activations;

/**
 * The final norm and the language-model head: logits of the last token of a batch = output·norm(x) (+ bias), then
 * optionally soft-capped (Gemma 2's final_logit_softcapping). Models without {@code output.weight} reuse the token
 * embedding matrix (tied embeddings).
 */
public final class OutputHead {
    private final Norm norm;
    private final Linear output;
    private final float softcap;

    public OutputHead(Norm norm, Linear output, float softcap) {
        this.norm = norm;
        this.output = output;
        this.softcap = softcap;
    }

    /** {@code output.weight} (+ {@code output.bias}) or, when absent, the token embedding (tied). */
    public static Linear outputMatrix(TensorLoader t, HParams p, Tensor tokenEmbedding) {
        ComputeDevice device = t.device();
        if (t.has("output.weight")) {
            return t.linear("output", p.dim(), p.vocab());
        }
        return new Linear(device.weights(tokenEmbedding), null, device);
    }

    /** Writes the logits of row {@code b.n - 1} of {@code b.x} to {@code b.logits}. */
    public void apply(Batch b) {
        int dim = b.last.length;
        System.arraycopy(b.x, (b.n - 1) * dim, b.last, 0, dim);
        norm.apply(b.last, b.last, 1);
        output.apply(b.last, b.logits, 1);
        if (softcap > 0f) {
            Activations.softcap(b.logits, softcap, b.logits.length);
        }
    }
}
