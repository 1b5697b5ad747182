package realizar.runtime.ops;

/**
 * Rotary position embedding as ggml's {@code rope} applies it. {@link Style#NORMAL} rotates adjacent pairs
 * (x[2i], x[2i+1]) — llama's GGUF layout, whose Q/K weights the converter permuted for it; {@link Style#NEOX} rotates
 * (x[i], x[i + n/2]). The angle of pair i at position p is p·base^(-2i/nRot), divided by a per-pair frequency factor
 * when the model has one (Llama 3.1's rope_freqs).
 */
public final class Rope {
    public enum Style { NORMAL, NEOX }

    private final Style style;
    private final int headDim;
    private final int nRot;
    private final float thetaScale;
    private final float[] freqFactors;

    /**
     * @param freqFactors per-pair divisors of the angle (length nRot/2), or null
     */
    public Rope(Style style, int headDim, int nRot, float base, float[] freqFactors) {
        this.style = style;
        this.headDim = headDim;
        this.nRot = nRot;
        this.thetaScale = (float) Math.pow(base, -2.0f / nRot);
        this.freqFactors = freqFactors;
    }

    /** Rotates {@code heads} heads of one row starting at {@code off}, for position {@code pos}. */
    public void apply(float[] x, int off, int heads, int pos) {
        // As ggml: theta starts at the position and is multiplied by theta_scale = base^(-2/n_rot) pair by pair.
        float thetaBase = pos;
        for (int i = 0; i < nRot / 2; i++, thetaBase *= thetaScale) {
            float theta = freqFactors == null ? thetaBase : thetaBase / freqFactors[i];
            float cos = (float) Math.cos(theta);
            float sin = (float) Math.sin(theta);
            for (int h = 0; h < heads; h++) {
                int base = off + h * headDim;
                int a = style == Style.NORMAL ? base + 2 * i : base + i;
                int b = style == Style.NORMAL ? a + 1 : a + nRot / 2;
                float x0 = x[a];
                float x1 = x[b];
                x[a] = x0 * cos - x1 * sin;
                x[b] = x0 * sin + x1 * cos;
            }
        }
    }
}
