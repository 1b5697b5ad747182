package realizar.runtime.quantize;

/**
 * Random weights for synthetic models, fast enough for billions of values: each row has its own SplitMix64 stream
 * (seeded from the model seed, the tensor and the row, so the values do not depend on how rows are split between
 * threads), and each value is an Irwin–Hall approximation of a standard normal (four 16-bit uniforms of one 64-bit
 * draw, centred and scaled to variance 1; bounded at ±3.46). Good enough for benchmark weights, not for statistics.
 */
final class GaussianRows implements TensorValues {
    private static final float SCALE = (float) (Math.sqrt(3.0) / 65536.0);
    private final long seed;
    private final int rowLength;
    private final float mean;
    private final float std;

    /** Rows of {@code rowLength} values drawn from about N(mean, std²). */
    GaussianRows(long seed, int rowLength, float mean, float std) {
        this.seed = seed;
        this.rowLength = rowLength;
        this.mean = mean;
        this.std = std;
    }

    @Override
    public void read(long firstRow, int rows, float[] out) {
        float scale = SCALE * std;
        int i = 0;
        for (int r = 0; r < rows; r++) {
            long state = mix(seed ^ mix(firstRow + r + 0x632BE59BD9B4E019L));
            for (int c = 0; c < rowLength; c++) {
                state += 0x9E3779B97F4A7C15L;
                long z = mix(state);
                // Sum of four uniforms on [0, 65535]: mean 2 × 65535, variance 4 × 65536² / 12 ≈ 65536² / 3.
                long sum = (z & 0xFFFF) + ((z >>> 16) & 0xFFFF) + ((z >>> 32) & 0xFFFF) + (z >>> 48);
                out[i++] = mean + scale * (sum - 131070);
            }
        }
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
