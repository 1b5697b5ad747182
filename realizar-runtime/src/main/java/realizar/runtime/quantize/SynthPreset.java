package realizar.runtime.quantize;

import java.util.LinkedHashMap;
import java.util.Map;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/**
 * The shape of a real model, for random-weight files of that shape ({@code realizar synth}, {@code bench
 * --synthetic}): llama architecture hyperparameters as their GGUF conversions carry them.
 *
 * @param ropeScaling Llama 3 rope scaling (written as a {@code rope_freqs.weight} tensor, as convert_hf_to_gguf
 *                    does), or null
 */
public record SynthPreset(String name, int layers, int embd, int ff, int heads, int kvHeads, int vocab, boolean tiedOutput,
                          float ropeTheta, float rmsEps, int contextLength, Llama3RopeScaling ropeScaling) {

    /** Llama 3.1+ frequency scaling: {@code rope_scaling} of the Hugging Face config. */
    public record Llama3RopeScaling(double factor, double lowFreqFactor, double highFreqFactor, int originalContext) {
    }

    private static final Map<String, SynthPreset> PRESETS = new LinkedHashMap<>();

    static {
        Llama3RopeScaling llama32 = new Llama3RopeScaling(32, 1, 4, 8192);
        add(new SynthPreset("llama-3.2-1b", 16, 2048, 8192, 32, 8, 128256, true, 500000f, 1e-5f, 131072, llama32));
        add(new SynthPreset("llama-3.2-3b", 28, 3072, 8192, 24, 8, 128256, true, 500000f, 1e-5f, 131072, llama32));
        add(new SynthPreset("tinyllama-1.1b", 22, 2048, 5632, 32, 4, 32000, false, 10000f, 1e-5f, 2048, null));
        // For tests: small enough to write and run in well under a second.
        add(new SynthPreset("tiny", 2, 256, 512, 4, 2, 320, false, 10000f, 1e-5f, 256, null));
    }

    private static void add(SynthPreset p) {
        PRESETS.put(p.name(), p);
    }

    public int headDim() {
        return embd / heads;
    }

    /** The same shape with another vocabulary size (that of a copied tokenizer). */
    public SynthPreset withVocab(int n) {
        return new SynthPreset(name, layers, embd, ff, heads, kvHeads, n, tiedOutput, ropeTheta, rmsEps, contextLength,
                ropeScaling);
    }

    public static Map<String, SynthPreset> all() {
        return Map.copyOf(PRESETS);
    }

    public static SynthPreset byName(String name) {
        SynthPreset p = PRESETS.get(name.trim().toLowerCase(java.util.Locale.ROOT));
        if (p == null) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT,
                    "unknown synthetic preset '" + name + "' (one of " + String.join(", ", PRESETS.keySet()) + ")");
        }
        return p;
    }

    /** {@code PRESET:TYPE} as the CLI takes it ({@code llama-3.2-1b:Q4_K_M}). */
    public record Spec(SynthPreset preset, QuantMix mix) {
        public static Spec parse(String spec) {
            int colon = spec.lastIndexOf(':');
            if (colon <= 0 || colon == spec.length() - 1) {
                throw new RealizarException(ErrorCode.INVALID_ARGUMENT,
                        "expected PRESET:TYPE (e.g. llama-3.2-1b:Q4_K_M), got '" + spec + "'");
            }
            return new Spec(byName(spec.substring(0, colon)), QuantMix.parse(spec.substring(colon + 1)));
        }

        @Override
        public String toString() {
            return preset.name() + ":" + mix.name();
        }
    }
}
