package realizar.backend.simd.bench;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What an integer GEMM would cost in accuracy (companion of {@link BenchmarkVnniProbe}): Y = W·Xᵀ for Gaussian W
 * (rows × k) and X (tokens × k), with W and X quantized symmetrically (round to nearest, scale = absmax / qmax) per
 * block of {@code block} elements or per whole row, the integer dot exact (long), one float scale product per block.
 * Prints the relative Frobenius error ‖Y_q − Y‖ / ‖Y‖ against a double reference, and the largest |q_w·q_x| sum of a
 * block or row — it must stay below 2³¹ for an int32 lane ({@code vpdpwssd} wraps). Also with "outlier" activations:
 * 2 of every 768 dimensions 20× larger, as BERT-style encoders have. Run as {@link BenchmarkVnniProbe}
 * ({@code ... realizar.backend.simd.bench.BenchmarkVnniNumerics [k, default 768]}). (System.out: a command-line tool.)
 */
public final class BenchmarkVnniNumerics {
    private BenchmarkVnniNumerics() {
    }

    public static void main(String[] args) {
        int k = args.length > 0 ? Integer.parseInt(args[0]) : 768;
        int rows = 64;
        int tokens = 16;
        SplittableRandom random = new SplittableRandom(11);
        float[] w = gaussian(random, rows * k);
        float[] x = gaussian(random, tokens * k);
        float[] xOutliers = x.clone();
        for (int t = 0; t < tokens; t++) {
            for (int i = 0; i < k; i += 768) {
                xOutliers[t * k + i + 5] *= 20;
                xOutliers[t * k + Math.min(i + 400, k - 1)] *= 20;
            }
        }
        System.out.printf(Locale.ROOT, "k = %d, %d rows x %d tokens, Gaussian data%n", k, rows, tokens);
        System.out.printf(Locale.ROOT, "f32 (float accumulation in order, for scale)   rel. error %.2e%n",
                floatError(w, x, rows, tokens, k));
        int[][] cases = {{8, 8, 32}, {8, 16, 32}, {12, 12, 32}, {14, 14, 32}, {8, 8, 0}, {10, 9, 0}, {16, 16, 0}};
        for (int[] c : cases) {
            int block = c[2] == 0 ? k : c[2];
            String scope = c[2] == 0 ? "per row" : "per " + c[2];
            double[] plain = error(w, x, rows, tokens, k, c[0], c[1], block);
            double[] outliers = error(w, xOutliers, rows, tokens, k, c[0], c[1], block);
            System.out.printf(Locale.ROOT,
                    "w int%-2d x int%-2d scales %-8s  rel. error %.2e (outlier activations %.2e)"
                            + "  max |sum q_w*q_x| 2^%.1f%n",
                    c[0], c[1], scope, plain[0], outliers[0], Math.log(Math.max(plain[1], outliers[1])) / Math.log(2));
        }
    }

    /** Returns {relative Frobenius error, largest absolute integer sum of one block}. */
    private static double[] error(float[] w, float[] x, int rows, int tokens, int k, int bitsW, int bitsX, int block) {
        int qmaxW = (1 << (bitsW - 1)) - 1;
        int qmaxX = (1 << (bitsX - 1)) - 1;
        double num = 0;
        double den = 0;
        double maxSum = 0;
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < tokens; t++) {
                double exact = 0;
                double approx = 0;
                for (int b = 0; b < k; b += block) {
                    int n = Math.min(block, k - b);
                    double sw = absmax(w, r * k + b, n) / qmaxW;
                    double sx = absmax(x, t * k + b, n) / qmaxX;
                    long dot = 0;
                    long absDot = 0;
                    for (int i = 0; i < n; i++) {
                        long qw = sw == 0 ? 0 : Math.round(w[r * k + b + i] / sw);
                        long qx = sx == 0 ? 0 : Math.round(x[t * k + b + i] / sx);
                        dot += qw * qx;
                        absDot += Math.abs(qw * qx);
                        exact += (double) w[r * k + b + i] * x[t * k + b + i];
                    }
                    maxSum = Math.max(maxSum, absDot);
                    approx += (float) (sw * sx) * (float) dot;
                }
                num += (approx - exact) * (approx - exact);
                den += exact * exact;
            }
        }
        return new double[] {Math.sqrt(num / den), maxSum};
    }

    private static double floatError(float[] w, float[] x, int rows, int tokens, int k) {
        double num = 0;
        double den = 0;
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < tokens; t++) {
                float f = 0;
                double exact = 0;
                for (int i = 0; i < k; i++) {
                    f += w[r * k + i] * x[t * k + i];
                    exact += (double) w[r * k + i] * x[t * k + i];
                }
                num += (f - exact) * (f - exact);
                den += exact * exact;
            }
        }
        return Math.sqrt(num / den);
    }

    private static double absmax(float[] v, int from, int n) {
        double m = 0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(v[from + i]));
        }
        return m;
    }

    private static float[] gaussian(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble(1e-12, 1);
            v[i] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble()));
        }
        return v;
    }
}
