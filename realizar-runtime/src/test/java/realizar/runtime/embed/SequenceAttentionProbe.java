package realizar.runtime.embed;

import java.util.Locale;
import java.util.Random;


/**
 * Micro-timing of {@link SequenceAttention} on MiniLM's shape (12 heads of 32) over one layer of the benchmark's
 * batch of 32 sentences (the dev sentences' lengths roughly, 259 tokens), minimum over many calls. Argument: calls (default 3000). (System.out is fine: a command-line tool in test
 * code; the class name keeps surefire away.)
 */
public final class SequenceAttentionProbe {
    private SequenceAttentionProbe() {
    }

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int[] lengths = {4, 12, 7, 6, 11, 9, 9, 8, 8, 7};
        int sequences = 32;
        int[] offsets = new int[sequences + 1];
        for (int s = 0; s < sequences; s++) {
            offsets[s + 1] = offsets[s] + lengths[s % lengths.length];
        }
        int dim = 384;
        int tokens = offsets[sequences];
        float[] qkv = new float[tokens * 3 * dim];
        Random rng = new Random(1);
        for (int i = 0; i < qkv.length; i++) {
            qkv[i] = (float) rng.nextGaussian();
        }
        float[] out = new float[tokens * dim];
        SequenceAttention attention = new SequenceAttention(dim, 12, (float) (1 / Math.sqrt(32)));
        long best = Long.MAX_VALUE;
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            for (int s = 0; s < sequences; s++) {
                attention.attend(qkv, offsets[s], offsets[s + 1] - offsets[s], out);
            }
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.printf(Locale.ROOT, "one layer, %d tokens in %d sentences: %.1f µs%n", tokens, sequences, best / 1e3);
    }
}
