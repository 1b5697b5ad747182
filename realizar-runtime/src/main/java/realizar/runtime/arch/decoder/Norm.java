package realizar.runtime.arch.decoder;

import realizar.runtime.ops.Norms;

/** One normalisation layer: RMSNorm or LayerNorm, with its weight and optional bias (llama.cpp's build_norm). */
public record Norm(Kind kind, float[] weight, float[] bias, float eps) {
    public enum Kind {
        /** LLM_NORM_RMS: x / sqrt(mean(x²) + eps) · w. */
        RMS,
        /** LLM_NORM: (x − mean) / sqrt(var + eps) · w + b. */
        LAYER
    }

    public static Norm rms(TensorLoader t, String name, int dim, float eps) {
        return new Norm(Kind.RMS, t.vector(name + ".weight", dim), null, eps);
    }

    public static Norm layer(TensorLoader t, String name, int dim, float eps) {
        return new Norm(Kind.LAYER, t.vector(name + ".weight", dim), t.vector(name + ".bias", dim), eps);
    }

    public int dim() {
        return weight.length;
    }

    /** Normalises {@code n} rows of {@code x} into {@code out} (which may be {@code x}). */
    public void apply(float[] x, float[] out, int n) {
        switch (kind) {
            case RMS -> Norms.rmsNorm(out, x, weight, n, weight.length, eps);
            case LAYER -> Norms.layerNorm(out, x, weight, bias, n, weight.length, eps);
        }
    }
}
