package realizar.runtime.sampling;

import java.util.HashMap;
import java.util.Map;

/**
 * Repetition, presence and frequency penalties over a window of recent tokens, as llama.cpp's
 * {@code llama_sampler_penalties}: a positive logit is divided by the repetition penalty, a negative one multiplied;
 * then {@code count × frequency + presence} is subtracted.
 */
final class Penalties implements LogitProcessor {
    private final SamplingParams p;
    private final int[] history;
    private int size;
    private int next;

    Penalties(SamplingParams p, int contextLength) {
        this.p = p;
        int window = p.repeatLastN() < 0 ? contextLength : p.repeatLastN();
        this.history = new int[Math.max(window, 0)];
    }

    boolean active() {
        return history.length > 0 && (p.repeatPenalty() != 1f || p.presencePenalty() != 0f || p.frequencyPenalty() != 0f);
    }

    @Override
    public void accept(int token) {
        if (history.length == 0) {
            return;
        }
        history[next] = token;
        next = (next + 1) % history.length;
        size = Math.min(size + 1, history.length);
    }

    @Override
    public void process(float[] logits) {
        if (!active() || size == 0) {
            return;
        }
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < size; i++) {
            counts.merge(history[i], 1, Integer::sum);
        }
        for (var e : counts.entrySet()) {
            int id = e.getKey();
            if (id < 0 || id >= logits.length) {
                continue;
            }
            float l = logits[id];
            l = l <= 0 ? l * p.repeatPenalty() : l / p.repeatPenalty();
            logits[id] = l - e.getValue() * p.frequencyPenalty() - p.presencePenalty();
        }
    }
}
