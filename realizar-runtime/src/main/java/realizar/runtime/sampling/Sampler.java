package realizar.runtime.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Chooses tokens. The chain follows llama.cpp's default order: logit processors (logit bias, penalties, then any
 * added ones such as a grammar), then — unless greedy — top-k, top-p, min-p, temperature and a seeded random draw.
 * Not thread-safe: one sampler per generation.
 */
public final class Sampler {
    private final SamplingParams params;
    private final List<LogitProcessor> processors = new ArrayList<>();
    private final Penalties penalties;
    private final SplittableRandom random;
    private int[] order = new int[0];
    private long[] keys = new long[0];
    private float[] probs = new float[0];

    public Sampler(SamplingParams params, int contextLength) {
        this.params = params;
        this.random = new SplittableRandom(params.seed());
        if (!params.logitBias().isEmpty()) {
            processors.add(logits -> params.logitBias().forEach((id, bias) -> {
                if (id >= 0 && id < logits.length) {
                    logits[id] += bias;
                }
            }));
        }
        this.penalties = new Penalties(params, contextLength);
        processors.add(penalties);
    }

    /** Adds a processor at the end of the logit chain (e.g. a grammar mask). */
    public Sampler add(LogitProcessor processor) {
        processors.add(processor);
        return this;
    }

    /** Tells the chain about tokens already in the context (the prompt), for the penalties. */
    public void acceptPrompt(int[] ids) {
        for (int id : ids) {
            penalties.accept(id);
        }
    }

    /** Chooses the next token from {@code logits} (edited in place) and tells the chain. */
    public int sample(float[] logits) {
        for (LogitProcessor p : processors) {
            p.process(logits);
        }
        int token = params.isGreedy() ? argmax(logits) : draw(logits);
        for (LogitProcessor p : processors) {
            p.accept(token);
        }
        return token;
    }

    public static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    private int draw(float[] logits) {
        int n = candidates(logits);
        if (n == 0) {
            return argmax(logits);
        }
        // Softmax over the candidates (sorted, most likely first) at temperature 1 for top-p and min-p.
        softmax(logits, n, 1f);
        if (params.topP() < 1f) {
            float cumulative = 0;
            int keep = n;
            for (int i = 0; i < n; i++) {
                cumulative += probs[i];
                if (cumulative >= params.topP()) {
                    keep = i + 1;
                    break;
                }
            }
            n = keep;
        }
        if (params.minP() > 0f) {
            float threshold = probs[0] * params.minP();
            int keep = 1;
            while (keep < n && probs[keep] >= threshold) {
                keep++;
            }
            n = keep;
        }
        softmax(logits, n, params.temperature());
        double u = random.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < n; i++) {
            cumulative += probs[i];
            if (u < cumulative) {
                return order[i];
            }
        }
        return order[n - 1];
    }

    /** Sorts the finite logits in descending order into {@link #order}, keeping the top-k; returns how many. */
    private int candidates(float[] logits) {
        if (keys.length < logits.length) {
            keys = new long[logits.length];
            order = new int[logits.length];
            probs = new float[logits.length];
        }
        int n = 0;
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] != Float.NEGATIVE_INFINITY && !Float.isNaN(logits[i])) {
                // Sort key: the logit as an order-preserving signed int (negative floats have their magnitude bits
                // flipped), complemented for descending order, with the id below it so ties keep the smaller id first.
                int bits = Float.floatToIntBits(logits[i]);
                int ordered = bits >= 0 ? bits : bits ^ 0x7FFFFFFF;
                keys[n++] = ((long) ~ordered << 32) | i;
            }
        }
        Arrays.sort(keys, 0, n);
        if (params.topK() > 0) {
            n = Math.min(n, params.topK());
        }
        for (int i = 0; i < n; i++) {
            order[i] = (int) keys[i];
        }
        return n;
    }

    private void softmax(float[] logits, int n, float temperature) {
        float max = logits[order[0]];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp((logits[order[i]] - max) / temperature);
            probs[i] = e;
            sum += e;
        }
        for (int i = 0; i < n; i++) {
            probs[i] = (float) (probs[i] / sum);
        }
    }
}
