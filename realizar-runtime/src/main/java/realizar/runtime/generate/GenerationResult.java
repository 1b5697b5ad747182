package realizar.runtime.generate;

import java.util.List;

/**
 * What came out.
 *
 * @param outputIds   generated ids (an end-of-generation token, when produced, is the last)
 * @param text        the generated text, without any stop string
 * @param topLogprobs per generated token, the K most likely candidates before it was chosen (empty when not asked)
 */
public record GenerationResult(int[] outputIds, String text, List<List<TokenLogprob>> topLogprobs, StopReason stopReason,
                               Timings timings) {
    @Override
    public int[] outputIds() {
        return outputIds.clone();
    }
}
