package realizar.runtime.generate;

import java.util.ArrayList;
import java.util.List;

/** Log-probabilities of the most likely tokens: log-softmax of the raw logits at temperature 1. */
public final class Logprobs {
    private Logprobs() {
    }

    /** The {@code k} most likely tokens, most likely first (ties: smaller id first). */
    public static List<TokenLogprob> top(float[] logits, int k) {
        float max = Float.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        double logSum = Math.log(sum);
        int[] best = new int[Math.min(k, logits.length)];
        int count = 0;
        for (int i = 0; i < logits.length; i++) {
            // Insertion into a small sorted array: k is at most 100, vocabularies up to ~256k.
            if (count < best.length || logits[i] > logits[best[count - 1]]) {
                int pos = Math.min(count, best.length - 1);
                while (pos > 0 && logits[best[pos - 1]] < logits[i]) {
                    best[pos] = best[pos - 1];
                    pos--;
                }
                best[pos] = i;
                count = Math.min(count + 1, best.length);
            }
        }
        List<TokenLogprob> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new TokenLogprob(best[i], (float) (logits[best[i]] - max - logSum)));
        }
        return out;
    }
}
