package realizar.runtime.embed;

import java.util.Locale;
import java.util.Random;

/**
 * Micro-timing of the encoder's element-wise passes on MiniLM's batch-32 shapes (277 tokens): bias + GELU over
 * 277 × 1536, bias + residual + LayerNorm over 277 × 384, the QKV bias over 277 × 1152; minimum over many calls.
 * Argument: calls (default 2000).
 * (System.out is fine: a command-line tool in test code; the class name keeps surefire away.)
 */
public final class EncoderOpsProbe {
    private EncoderOpsProbe() {
    }

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int n = 277;
        Random rng = new Random(3);
        float[] hidden = gaussians(n * 1536, rng);
        float[] work = new float[hidden.length];
        float[] upBias = gaussians(1536, rng);
        float[] x = gaussians(n * 384, rng);
        float[] xs = new float[x.length];
        float[] y = gaussians(n * 384, rng);
        float[] bias = gaussians(384, rng);
        float[] weight = gaussians(384, rng);
        float[] normBias = gaussians(384, rng);
        float[] qkv = gaussians(n * 1152, rng);
        float[] qkvBias = gaussians(1152, rng);
        long addBias = Long.MAX_VALUE;
        long gelu = Long.MAX_VALUE;
        long norm = Long.MAX_VALUE;
        for (int i = 0; i < calls; i++) {
            System.arraycopy(hidden, 0, work, 0, hidden.length);
            long t = System.nanoTime();
            Gelu.apply(work, upBias, n, 1536, true);
            gelu = Math.min(gelu, System.nanoTime() - t);
            System.arraycopy(x, 0, xs, 0, x.length);
            t = System.nanoTime();
            EncoderOps.residualLayerNorm(xs, y, bias, weight, normBias, n, 384, 1e-12f);
            norm = Math.min(norm, System.nanoTime() - t);
            t = System.nanoTime();
            EncoderOps.addBias(qkv, qkvBias, n, 1152);
            addBias = Math.min(addBias, System.nanoTime() - t);
        }
        System.out.printf(Locale.ROOT, "bias+GELU 277x1536: %.1f µs (%.2f ns/value); bias+residual+LayerNorm 277x384: %.1f µs;"
                + " QKV bias 277x1152: %.1f µs%n", gelu / 1e3, gelu / (double) hidden.length, norm / 1e3, addBias / 1e3);
    }

    private static float[] gaussians(int count, Random rng) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }
}
