package realizar.runtime.ops;

/**
 * Rotary position embedding as ggml's {@code rope} applies it. {@link Style#NORMAL} rotates adjacent pairs
 * (x[2i], x[2i+1]) — llama's GGUF layout, whose Q/K weights the converter permuted for it; {@link Style#NEOX} rotates
 * (x[i], x[i + nRot/2]). Only the first {@code nRot} dimensions of a head rotate (partial rotary, Phi-2); the rest pass
 * through.
 *
 * <p>The angle of pair i at position p starts from p·base^(-2i/nRot), divided by a per-pair frequency factor when the
 * model has one (Llama 3.1's {@code rope_freqs}, Phi-3's long/short factors), then scaled as ggml's {@code rope_yarn}
 * does: linear interpolation by {@code freqScale}, and with YaRN ({@code extFactor} &gt; 0) a per-pair ramp between the
 * interpolated and the original angle plus a magnitude correction.
 */
public final class Rope {
    public enum Style { NORMAL, NEOX }

    /**
     * The scaling of the angles, as llama.cpp hands it to {@code ggml_rope_ext}.
     *
     * @param freqScale  multiplies the angles (1 / the context extension factor; 1 = none)
     * @param extFactor  YaRN extrapolation mix (0 = plain linear scaling)
     * @param attnFactor multiplies cos and sin
     * @param betaFast   YaRN ramp corner (high frequency)
     * @param betaSlow   YaRN ramp corner (low frequency)
     * @param nCtxOrig   the context the model was trained at before extension (YaRN)
     */
    public record Scaling(float freqScale, float extFactor, float attnFactor, float betaFast, float betaSlow, int nCtxOrig) {
        public static final Scaling NONE = new Scaling(1f, 0f, 1f, 32f, 1f, 0);
    }

    private final Style style;
    private final int nRot;
    private final float thetaScale;
    private final float[] freqFactors;
    private final Scaling scaling;
    private final float corrLow;
    private final float corrHigh;

    /** Plain rotation without scaling. */
    public Rope(Style style, int nRot, float base, float[] freqFactors) {
        this(style, nRot, base, freqFactors, Scaling.NONE);
    }

    /**
     * @param freqFactors per-pair divisors of the angle (length nRot/2), or null
     */
    public Rope(Style style, int nRot, float base, float[] freqFactors, Scaling scaling) {
        if (nRot <= 0 || nRot % 2 != 0) {
            throw new IllegalArgumentException("rotary dimensions must be positive and even, got " + nRot);
        }
        if (freqFactors != null && freqFactors.length < nRot / 2) {
            throw new IllegalArgumentException("need " + nRot / 2 + " frequency factors, got " + freqFactors.length);
        }
        this.style = style;
        this.nRot = nRot;
        this.thetaScale = (float) Math.pow(base, -2.0f / nRot);
        this.freqFactors = freqFactors;
        this.scaling = scaling;
        // ggml_rope_yarn_corr_dims: the pair range over which YaRN blends interpolation into extrapolation.
        float low = (float) Math.floor(corrDim(nRot, scaling.nCtxOrig(), scaling.betaFast(), base));
        float high = (float) Math.ceil(corrDim(nRot, scaling.nCtxOrig(), scaling.betaSlow(), base));
        this.corrLow = Math.max(0, low);
        this.corrHigh = Math.min(nRot - 1, high);
    }

    public Style style() {
        return style;
    }

    public int rotaryDims() {
        return nRot;
    }

    private static float corrDim(int nDims, int nCtxOrig, float nRot, float base) {
        return nDims * (float) Math.log(nCtxOrig / (nRot * 2 * (float) Math.PI)) / (2 * (float) Math.log(base));
    }

    /** Rotates {@code heads} heads of {@code headDim} values of one row starting at {@code off}, for position {@code pos}. */
    public void apply(float[] x, int off, int heads, int headDim, int pos) {
        // As ggml_rope_cache_init: theta starts at the position and is multiplied by theta_scale pair by pair.
        float theta = pos;
        int half = nRot / 2;
        for (int i = 0; i < half; i++, theta *= thetaScale) {
            float thetaExtrap = freqFactors == null ? theta : theta / freqFactors[i];
            float thetaInterp = scaling.freqScale() * thetaExtrap;
            float angle = thetaInterp;
            float mscale = scaling.attnFactor();
            if (scaling.extFactor() != 0.0f) {
                float rampMix = ramp(2 * i) * scaling.extFactor();
                angle = thetaInterp * (1 - rampMix) + thetaExtrap * rampMix;
                mscale *= 1.0f + 0.1f * (float) Math.log(1.0f / scaling.freqScale());
            }
            float cos = (float) Math.cos(angle) * mscale;
            float sin = (float) Math.sin(angle) * mscale;
            for (int h = 0; h < heads; h++) {
                int base = off + h * headDim;
                int a = style == Style.NORMAL ? base + 2 * i : base + i;
                int b = style == Style.NORMAL ? a + 1 : a + half;
                float x0 = x[a];
                float x1 = x[b];
                x[a] = x0 * cos - x1 * sin;
                x[b] = x0 * sin + x1 * cos;
            }
        }
    }

    /** rope_yarn_ramp: 1 below the correction range, 0 above it, linear in between. */
    private float ramp(int i0) {
        float y = (i0 / 2 - corrLow) / Math.max(0.001f, corrHigh - corrLow);
        return 1 - Math.min(1, Math.max(0, y));
    }
}
