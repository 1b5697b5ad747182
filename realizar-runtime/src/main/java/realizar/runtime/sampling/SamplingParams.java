package realizar.runtime.sampling;

import java.util.Map;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/**
 * How to choose each next token, with llama.cpp's meanings and defaults. Temperature 0 is greedy (argmax after
 * penalties and bias).
 *
 * @param temperature       divides the logits; 0 = greedy
 * @param topK              keep the k most likely tokens; 0 = all
 * @param topP              keep the smallest set whose probability reaches p; 1 = all
 * @param minP              drop tokens less likely than minP × the most likely one; 0 = off
 * @param repeatPenalty     llama.cpp's repetition penalty over the last {@code repeatLastN} tokens; 1 = off
 * @param repeatLastN       window of the penalties; 0 = off, -1 = whole context
 * @param presencePenalty   subtracted once from every token already in the window
 * @param frequencyPenalty  subtracted per occurrence in the window
 * @param seed              seeds the random choice; the same seed gives the same tokens
 * @param logitBias         added to the logits of the given token ids (-Infinity bans a token)
 */
public record SamplingParams(float temperature, int topK, float topP, float minP, float repeatPenalty, int repeatLastN,
                             float presencePenalty, float frequencyPenalty, long seed, Map<Integer, Float> logitBias) {
    public SamplingParams {
        logitBias = logitBias == null ? Map.of() : Map.copyOf(logitBias);
        check(temperature >= 0 && Float.isFinite(temperature), "temperature", temperature + " (must be >= 0)");
        check(topK >= 0, "top_k", topK + " (must be >= 0)");
        check(topP > 0 && topP <= 1, "top_p", topP + " (must be in (0, 1])");
        check(minP >= 0 && minP <= 1, "min_p", minP + " (must be in [0, 1])");
        check(repeatPenalty > 0 && Float.isFinite(repeatPenalty), "repeat_penalty", repeatPenalty + " (must be > 0)");
        check(repeatLastN >= -1, "repeat_last_n", repeatLastN + " (must be >= -1)");
        check(Float.isFinite(presencePenalty) && Float.isFinite(frequencyPenalty), "presence/frequency penalty", "must be finite");
    }

    private static void check(boolean ok, String field, String what) {
        if (!ok) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "invalid " + field + ": " + what);
        }
    }

    /** Greedy decoding. */
    public static SamplingParams greedy() {
        return new SamplingParams(0f, 0, 1f, 0f, 1f, 64, 0f, 0f, 0, Map.of());
    }

    /** llama.cpp's defaults: temperature 0.8, top-k 40, top-p 0.95, min-p 0.05, no penalties. */
    public static SamplingParams defaults(long seed) {
        return new SamplingParams(0.8f, 40, 0.95f, 0.05f, 1f, 64, 0f, 0f, seed, Map.of());
    }

    public boolean isGreedy() {
        return temperature <= 0;
    }
}
