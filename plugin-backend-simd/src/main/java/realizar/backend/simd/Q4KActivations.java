package realizar.backend.simd;

import java.util.Arrays;

import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q8_K activations regrouped for {@link Q4KGrouped} ({@link ActivationFormat#Q8_K_X8}): built once per matmul call from
 * the ggml-exact Q8_K quants in {@link Activations#q}, {@link Activations#d} and {@link Activations#sums32}.
 *
 * <p>Per activation row, groups of B = {@link Q4KGrouped#BLOCKS} sub-blocks of 32 (the last one padded with zeros),
 * {@code 32·B} int16 each: at {@code 4L·k + iL} (L = 2B lanes, step k = 0..3, i = 0..3) the coefficients
 * {@code c_i[l] = a_i − 16·a_(i−1)} ({@code c_0 = a_0}) as {@link Q40Activations} lays them out, without its −8
 * correction (Q4_K's nibbles are unsigned; the mins are a float term), lane pair j holding sub-block
 * {@link Q4KGrouped#subBlock}(j) of the group (with B = 16 the two super-blocks' sub-blocks alternate, as in the weight
 * copy). Beside them, per lane pair, its super-block's d_a ({@link #d}) and its sub-block's exact Σa as float ({@link #s},
 * |·| ≤ 32·127), B floats per group, 0 for padding.
 */
final class Q4KActivations {
    private static final int BLOCKS = Q4KGrouped.BLOCKS;
    private static final int LANES = Q4KGrouped.LANES;
    static final int GROUP_SHORTS = 4 * 4 * LANES;
    private static final VectorSpecies<Short> SHORTS = Q4KGrouped.SHORTS;
    /** Lane l = 2j + e of a gather reads element 2e of sub-block subBlock(j) (plus the step's offset). */
    private static final int[] LANE_OFFSETS = new int[LANES];

    static {
        for (int l = 0; l < LANES; l++) {
            LANE_OFFSETS[l] = 32 * Q4KGrouped.subBlock(l >> 1) + 2 * (l & 1);
        }
    }

    /** Per row {@code groups(cols)·GROUP_SHORTS} values, rows back to back. */
    short[] c = new short[0];
    /** Per row {@code groups(cols)·BLOCKS} scales d_a (one per super-block, repeated per sub-block). */
    float[] d = new float[0];
    /** Per row {@code groups(cols)·BLOCKS} sub-block sums Σa. */
    float[] s = new float[0];

    static int groups(int cols) {
        return (cols / 32 + BLOCKS - 1) / BLOCKS;
    }

    /** One whole group by gathers: lane {@code 2j + e} of a0..a3 reads elements m, m+16, m+1, m+17 (m = 4k + 2e). */
    private static void gatherGroup(short[] q, int x, short[] c, int out) {
        for (int k = 0; k < 4; k++) {
            ShortVector a0 = ShortVector.fromArray(SHORTS, q, x + 4 * k, LANE_OFFSETS, 0);
            ShortVector a1 = ShortVector.fromArray(SHORTS, q, x + 4 * k + 16, LANE_OFFSETS, 0);
            ShortVector a2 = ShortVector.fromArray(SHORTS, q, x + 4 * k + 1, LANE_OFFSETS, 0);
            ShortVector a3 = ShortVector.fromArray(SHORTS, q, x + 4 * k + 17, LANE_OFFSETS, 0);
            int o = out + 4 * LANES * k;
            a0.intoArray(c, o);
            a1.sub(a0.mul((short) 16)).intoArray(c, o + LANES);
            a2.sub(a1.mul((short) 16)).intoArray(c, o + 2 * LANES);
            a3.sub(a2.mul((short) 16)).intoArray(c, o + 3 * LANES);
        }
    }

    /** Regroups the Q8_K quants of {@code a} (already converted) for every activation row. */
    void build(Activations a) {
        int cols = a.cols;
        int blocks = cols / 32;
        int supers = cols / 256;
        int groups = groups(cols);
        if (c.length < a.n * groups * GROUP_SHORTS) {
            c = new short[a.n * groups * GROUP_SHORTS];
            d = new float[a.n * groups * BLOCKS];
            s = new float[a.n * groups * BLOCKS];
        }
        short[] q = a.q;
        for (int t = 0; t < a.n; t++) {
            int row = t * groups;
            // Padding sub-blocks keep zeros (coefficients, d_a and sums), so they add exactly 0.
            Arrays.fill(c, (row + groups - 1) * GROUP_SHORTS, (row + groups) * GROUP_SHORTS, (short) 0);
            Arrays.fill(d, (row + groups - 1) * BLOCKS, (row + groups) * BLOCKS, 0f);
            Arrays.fill(s, (row + groups - 1) * BLOCKS, (row + groups) * BLOCKS, 0f);
            for (int block = 0; block < blocks; block++) {
                int i = (row + block / BLOCKS) * BLOCKS + Q4KGrouped.lane(block % BLOCKS);
                d[i] = a.d[t * supers + block / 8];
                s[i] = a.sums32[t * blocks + block];
            }
            int full = blocks / BLOCKS;
            for (int g = 0; g < full; g++) {
                gatherGroup(q, t * cols + 32 * BLOCKS * g, c, (row + g) * GROUP_SHORTS);
            }
            for (int block = full * BLOCKS; block < blocks; block++) {
                int out = (row + block / BLOCKS) * GROUP_SHORTS + 2 * Q4KGrouped.lane(block % BLOCKS);
                int x = t * cols + 32 * block;
                for (int e = 0; e < 2; e++) {
                    for (int k = 0; k < 4; k++) {
                        int m = x + 4 * k + 2 * e;
                        int a0 = q[m];
                        int a1 = q[m + 16];
                        int a2 = q[m + 1];
                        int a3 = q[m + 17];
                        int o = out + e + 4 * LANES * k;
                        c[o] = (short) a0;
                        c[o + LANES] = (short) (a1 - 16 * a0);
                        c[o + 2 * LANES] = (short) (a2 - 16 * a1);
                        c[o + 3 * LANES] = (short) (a3 - 16 * a2);
                    }
                }
            }
        }
    }
}
