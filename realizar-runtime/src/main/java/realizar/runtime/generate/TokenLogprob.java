package realizar.runtime.generate;

/** One candidate token and its log-probability (natural log of the softmax at temperature 1 over raw logits). */
public record TokenLogprob(int id, float logprob) {
}
