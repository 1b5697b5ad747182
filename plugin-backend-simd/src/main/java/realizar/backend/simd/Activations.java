package realizar.backend.simd;

/**
 * The activation rows of one matmul call in the form the weight type's kernel wants ({@link ActivationFormat}),
 * converted once and then read by every weight row. One instance per device, grown on demand and reused, so the
 * steady-state decode loop allocates nothing. Not thread-safe: written by the calling thread before the parallel
 * loop, then only read.
 */
final class Activations {
    ActivationFormat format;
    int n;
    int cols;
    /** The caller's rows (F32). */
    float[] x;
    /** F16/BF16: each value rounded to the weight's precision, held as float32. */
    float[] rounded = new float[0];
    /** Q8_*: the int8 quants, widened to int16 because the vector kernels multiply int16 lanes. */
    short[] q = new short[0];
    /** Q8_0/Q8_1: each block's scale (an f16 value, as float); Q8_K: each block's f32 scale. */
    float[] d = new float[0];
    /** Q8_1: each block's s = f16(d·Σq), as float. */
    float[] s = new float[0];
    /** Σq of each block of 32 (Q8_0, Q8_1) or of each 16 (Q8_K: ggml's bsums). */
    int[] sums = new int[0];
    /** Q8_K: Σq of each 32 (pairs of bsums), the sub-block size of Q4_K/Q5_K's mins. */
    int[] sums32 = new int[0];
    /** Q8_0_X8: the Q8_0 quants regrouped for {@link Q40Repacked}. */
    final Q40Activations q40 = new Q40Activations();
    /** Q8_K_X8: the Q8_K quants regrouped for {@link Q4KGrouped}. */
    final Q4KActivations q4k = new Q4KActivations();
    /** Q8_K_Q6: the Q8_K quants regrouped for {@link Q6KDense}. */
    final Q6KActivations q6k = new Q6KActivations();

    /** Converts {@code n} rows of {@code cols} floats of {@code x} to {@code format}. */
    void convert(ActivationFormat format, float[] x, int n, int cols) {
        this.format = format;
        this.n = n;
        this.cols = cols;
        this.x = x;
        int count = n * cols;
        switch (format) {
            case F32 -> { }
            case Q8_0_X8 -> {
                convert(ActivationFormat.Q8_0, x, n, cols);
                this.format = format;
                q40.build(this);
            }
            case Q8_K_X8 -> {
                convert(ActivationFormat.Q8_K, x, n, cols);
                this.format = format;
                q4k.build(this);
            }
            case Q8_K_Q6 -> {
                convert(ActivationFormat.Q8_K, x, n, cols);
                this.format = format;
                q6k.build(this);
            }
            case F16, BF16 -> {
                rounded = grow(rounded, count);
                ActivationQuantizer.round(format, x, rounded, count);
            }
            case Q8_0, Q8_1, Q8_K -> {
                int blocks = count / format.blockSize();
                q = grow(q, count);
                d = grow(d, blocks);
                s = grow(s, blocks);
                sums = grow(sums, format == ActivationFormat.Q8_K ? count / 16 : blocks);
                for (int b = 0; b < blocks; b++) {
                    ActivationQuantizer.quantize(format, x, b * format.blockSize(), this, b);
                }
                if (format == ActivationFormat.Q8_K) {
                    sums32 = grow(sums32, count / 32);
                    for (int i = 0; i < count / 32; i++) {
                        sums32[i] = sums[2 * i] + sums[2 * i + 1];
                    }
                }
            }
        }
    }

    private static float[] grow(float[] a, int size) {
        return a.length >= size ? a : new float[size];
    }

    private static short[] grow(short[] a, int size) {
        return a.length >= size ? a : new short[size];
    }

    private static int[] grow(int[] a, int size) {
        return a.length >= size ? a : new int[size];
    }
}
