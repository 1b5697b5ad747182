package realizar.runtime.arch.decoder;

import java.util.Locale;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.Metadata;
import realizar.runtime.ops.Rope;

/**
 * Reads a model's rotary embedding settings as llama.cpp does ({@code llama_model::load_hparams} and the
 * {@code llama_context} constructor): {@code rope.dimension_count} (default: the head size), {@code rope.freq_base}
 * (default 10000), and the context-extension keys {@code rope.scaling.type} (none, linear, yarn, longrope; default
 * linear),
 * {@code rope.scaling.factor} (or the older {@code rope.scale_linear}; frequencies are scaled by its inverse),
 * {@code rope.scaling.original_context_length}, {@code rope.scaling.attn_factor},
 * {@code rope.scaling.yarn_ext_factor}, {@code rope.scaling.yarn_beta_fast}/{@code _slow} and
 * {@code rope.scaling.yarn_log_multiplier}. {@code rope.freq_scale}, when no factor is given, sets the frequency scale
 * directly: realizar's metadata form of llama.cpp's {@code --rope-freq-scale} (no converter writes it).
 *
 * <p>{@code llama3} is accepted as a scaling type meaning "the per-dimension factors of {@code rope_freqs.weight}, no
 * further scaling" — what Llama 3.1 GGUFs carry (they have no scaling key at all; llama.cpp itself rejects the
 * string).
 */
public final class RopeSettings {
    /** Metadata key that switches a llama-family model to NEOX rotation (Hugging Face weights, not permuted). */
    public static final String NEOX_KEY = "realizar.rope.neox";

    private RopeSettings() {
    }

    /** The rotary dimensions: {@code rope.dimension_count}, or the whole head. */
    public static int rotaryDims(Metadata m, HParams p) {
        int nRot = m.getInt(p.arch() + ".rope.dimension_count", p.headDim());
        if (nRot <= 0 || nRot > p.headDim() || nRot % 2 != 0) {
            throw new RealizarException(ErrorCode.MALFORMED_MODEL,
                    p.arch() + ".rope.dimension_count " + nRot + " must be even, positive and at most the head size " + p.headDim());
        }
        return nRot;
    }

    /** A rope of {@code style} over {@code rotaryDims(m, p)} dimensions with the model's base and scaling. */
    public static Rope read(Metadata m, HParams p, Rope.Style style, float[] freqFactors) {
        return read(m, p, style, freqFactors, m.getFloat(p.arch() + ".rope.freq_base", 10000f));
    }

    /** As {@link #read(Metadata, HParams, Rope.Style, float[])} with another base (Gemma 2's sliding-window layers). */
    public static Rope read(Metadata m, HParams p, Rope.Style style, float[] freqFactors, float base) {
        return new Rope(style, rotaryDims(m, p), base, freqFactors, scaling(m, p, freqFactors != null));
    }

    /** The scaling as llama.cpp derives {@code freq_scale}, {@code ext_factor} and {@code attn_factor}. */
    static Rope.Scaling scaling(Metadata m, HParams p, boolean hasFreqFactors) {
        String key = p.arch() + ".rope.scaling.";
        String type = m.findString(key + "type").orElse("linear").toLowerCase(Locale.ROOT);
        float factor = m.getFloat(key + "factor", m.getFloat(p.arch() + ".rope.scale_linear", 0f));
        float freqScale = factor == 0f ? m.getFloat(p.arch() + ".rope.freq_scale", 1f) : 1f / factor;
        switch (type) {
            case "none" -> freqScale = 1f;
            case "linear", "yarn", "longrope" -> {
                // longrope (Phi-3): the per-dimension factors come from rope_factors_long/short; scaled like linear.
            }
            case "llama3" -> {
                if (!hasFreqFactors) {
                    throw new RealizarException(ErrorCode.UNSUPPORTED_ARCHITECTURE, key + "type is llama3 but the model has no "
                            + "rope_freqs.weight tensor holding its per-dimension factors");
                }
                freqScale = 1f;
            }
            default -> throw new RealizarException(ErrorCode.UNSUPPORTED_ARCHITECTURE,
                    key + "type '" + type + "' is not supported; supported: none, linear, yarn, longrope, llama3");
        }
        if (!(freqScale > 0f) || Float.isInfinite(freqScale)) {
            throw new RealizarException(ErrorCode.MALFORMED_MODEL, key + "factor " + factor + " is not a positive number");
        }
        float extFactor = m.getFloat(key + "yarn_ext_factor", -1f);
        if (extFactor < 0f) {
            extFactor = type.equals("yarn") ? 1f : 0f;
        }
        float attnFactor = 1f;
        if (extFactor != 0f) {
            float f = 1f / freqScale;
            float logMul = m.getFloat(key + "yarn_log_multiplier", 0f);
            attnFactor = logMul != 0f ? mscale(f, 1f) / mscale(f, logMul) : mscale(f, 1f);
            // ggml's rope_yarn multiplies by 1 + 0.1·ln(factor) itself; llama.cpp cancels that here.
            attnFactor *= 1.0f / (1.0f + 0.1f * (float) Math.log(f));
        }
        attnFactor *= m.getFloat(key + "attn_factor", 1f);
        int nCtxOrig = m.getInt(key + "original_context_length", p.contextLength());
        return new Rope.Scaling(freqScale, extFactor, attnFactor, m.getFloat(key + "yarn_beta_fast", 32f),
                m.getFloat(key + "yarn_beta_slow", 1f), nCtxOrig);
    }

    /** YaRN's magnitude correction (transformers' get_mscale). */
    private static float mscale(float scale, float mscale) {
        return scale <= 1.0f ? 1.0f : 0.1f * mscale * (float) Math.log(scale) + 1.0f;
    }
}
