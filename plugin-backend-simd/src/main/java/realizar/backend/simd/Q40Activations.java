package realizar.backend.simd;

import java.util.Arrays;

import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q8_0 activations regrouped for {@link Q40Repacked} ({@link ActivationFormat#Q8_0_X8}): built once per matmul call
 * from the ggml-exact Q8_0 quants in {@link Activations#q}/{@link Activations#d}, so that the kernel multiplies each
 * weight vector with contiguous activation vectors and does no scalar work per block.
 *
 * <p>Per activation row, groups of B = {@link Q40Repacked#BLOCKS} blocks (the last one padded with zero blocks),
 * {@code 34·B} int16 each; lane {@code l = 2j + e} (L = 2B lanes) belongs to block j of the group:
 * <ul>
 *   <li>@0: the offset correction {@code −8·Σ a_j} over the 16 elements of the lane — Q4_0's −8 applied through the
 *       activations (|·| ≤ 8·16·127 = 16256);</li>
 *   <li>@L + 4L·k + iL, step k = 0..3, i = 0..3: {@code c_i[l] = a_i − 16·a_(i−1)} ({@code c_0 = a_0}), where
 *       a_0..a_3 are the activations of the lane's four nibbles in step k: elements m, m+16, m+1, m+17 of block j with
 *       {@code m = 4k + 2e} (the low and high nibbles of its quant bytes m and m+1).</li>
 * </ul>
 * The weight lane is those two quant bytes as one int16, {@code v = n0 + 16·n1 + 256·n2 + 4096·n3}; then
 * {@code Σ_i (v >>> 4i)·c_i = Σ_i n_i·a_i}, so the kernel needs shifts but no masks. Products wrap in int16, but every
 * lane's true total — Σ(q − 8)·a over 16 elements, |·| ≤ 16·8·127 = 16256 — fits, and int16 arithmetic is exact modulo
 * 2^16, so the lane ends exact. {@link #d} holds each block's d_a in group order (0 for padding), B floats per group.
 */
final class Q40Activations {
    private static final int BLOCKS = Q40Repacked.BLOCKS;
    private static final int LANES = Q40Repacked.LANES;
    static final int GROUP_SHORTS = LANES + 4 * 4 * LANES;
    private static final VectorSpecies<Short> SHORTS = Q40Repacked.SHORTS;
    /** Lane l = 2j + e of a gather reads block j's element 2e (plus the step's offset). */
    private static final int[] LANE_OFFSETS = new int[LANES];

    static {
        for (int l = 0; l < LANES; l++) {
            LANE_OFFSETS[l] = 32 * (l >> 1) + 2 * (l & 1);
        }
    }

    /** Per row {@code groups(cols)·GROUP_SHORTS} values, rows back to back. */
    short[] c = new short[0];
    /** Per row {@code groups(cols)·BLOCKS} scales d_a, rows back to back. */
    float[] d = new float[0];

    static int groups(int cols) {
        return (cols / 32 + BLOCKS - 1) / BLOCKS;
    }

    /**
     * One whole group, written as the loop in {@link #build} does, by gathers: lane {@code l = 2j + e} of a0..a3 reads
     * elements m, m+16, m+1, m+17 (m = 4k + 2e) of block j, so every coefficient vector is one contiguous store.
     */
    private static void gatherGroup(short[] q, int x, short[] c, int out) {
        ShortVector corr = ShortVector.zero(SHORTS);
        for (int k = 0; k < 4; k++) {
            ShortVector a0 = ShortVector.fromArray(SHORTS, q, x + 4 * k, LANE_OFFSETS, 0);
            ShortVector a1 = ShortVector.fromArray(SHORTS, q, x + 4 * k + 16, LANE_OFFSETS, 0);
            ShortVector a2 = ShortVector.fromArray(SHORTS, q, x + 4 * k + 1, LANE_OFFSETS, 0);
            ShortVector a3 = ShortVector.fromArray(SHORTS, q, x + 4 * k + 17, LANE_OFFSETS, 0);
            int o = out + LANES + 4 * LANES * k;
            a0.intoArray(c, o);
            a1.sub(a0.mul((short) 16)).intoArray(c, o + LANES);
            a2.sub(a1.mul((short) 16)).intoArray(c, o + 2 * LANES);
            a3.sub(a2.mul((short) 16)).intoArray(c, o + 3 * LANES);
            corr = corr.add(a0.add(a1).add(a2.add(a3)));
        }
        corr.mul((short) -8).intoArray(c, out);
    }

    /** Regroups the Q8_0 quants of {@code a} (already converted) for every activation row. */
    void build(Activations a) {
        int cols = a.cols;
        int blocks = cols / 32;
        int groups = groups(cols);
        if (c.length < a.n * groups * GROUP_SHORTS) {
            c = new short[a.n * groups * GROUP_SHORTS];
            d = new float[a.n * groups * BLOCKS];
        }
        short[] q = a.q;
        for (int t = 0; t < a.n; t++) {
            int row = t * groups;
            // Padding blocks keep zeros (correction, coefficients and d_a), so they add exactly 0.
            Arrays.fill(c, (row + groups - 1) * GROUP_SHORTS, (row + groups) * GROUP_SHORTS, (short) 0);
            Arrays.fill(d, (row + groups - 1) * BLOCKS, (row + groups) * BLOCKS, 0f);
            // Whole groups by vector gathers (2.4x the scalar loop below), the blocks of a partial group one by one.
            int full = blocks / BLOCKS;
            for (int g = 0; g < full; g++) {
                gatherGroup(q, t * cols + 32 * BLOCKS * g, c, (row + g) * GROUP_SHORTS);
                System.arraycopy(a.d, t * blocks + BLOCKS * g, d, (row + g) * BLOCKS, BLOCKS);
            }
            for (int block = full * BLOCKS; block < blocks; block++) {
                int out = (row + block / BLOCKS) * GROUP_SHORTS + 2 * (block % BLOCKS);
                int x = t * cols + 32 * block;
                d[row * BLOCKS + block] = a.d[t * blocks + block];
                for (int e = 0; e < 2; e++) {
                    int sum = 0;
                    for (int k = 0; k < 4; k++) {
                        int m = x + 4 * k + 2 * e;
                        int a0 = q[m];
                        int a1 = q[m + 16];
                        int a2 = q[m + 1];
                        int a3 = q[m + 17];
                        int o = out + e + LANES + 4 * LANES * k;
                        c[o] = (short) a0;
                        c[o + LANES] = (short) (a1 - 16 * a0);
                        c[o + 2 * LANES] = (short) (a2 - 16 * a1);
                        c[o + 3 * LANES] = (short) (a3 - 16 * a2);
                        sum += a0 + a1 + a2 + a3;
                    }
                    c[out + e] = (short) (-8 * sum);
                }
            }
        }
    }
}
