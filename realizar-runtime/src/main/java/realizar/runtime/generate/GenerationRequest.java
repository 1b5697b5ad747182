package realizar.runtime.generate;

import java.util.List;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.runtime.sampling.SamplingParams;

/**
 * What to generate.
 *
 * @param promptIds   the prompt, already tokenized (BOS included if wanted)
 * @param maxTokens   the most tokens to generate
 * @param sampling    how to choose tokens
 * @param stopStrings generation stops before any of these appears in the text (they may span tokens)
 * @param logprobs    record the K most likely tokens at each step (0 = off)
 * @param ignoreEos   keep going past end-of-generation tokens
 */
public record GenerationRequest(int[] promptIds, int maxTokens, SamplingParams sampling, List<String> stopStrings,
                                int logprobs, boolean ignoreEos) {
    public GenerationRequest {
        promptIds = promptIds.clone();
        stopStrings = stopStrings == null ? List.of() : List.copyOf(stopStrings);
        if (promptIds.length == 0) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "the prompt is empty: give text or token ids");
        }
        if (maxTokens < 0) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "max_tokens must be >= 0, got " + maxTokens);
        }
        if (logprobs < 0 || logprobs > 100) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "logprobs must be in [0, 100], got " + logprobs);
        }
        if (stopStrings.stream().anyMatch(String::isEmpty)) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "stop strings must not be empty");
        }
    }

    @Override
    public int[] promptIds() {
        return promptIds.clone();
    }
}
