package realizar.backend.simd;

/**
 * Q8_0 activations regrouped for {@link Q40Repacked} ({@link ActivationFormat#Q8_0_X8}): built once per matmul call
 * from the ggml-exact Q8_0 quants in {@link Activations#q}/{@link Activations#d}, so the kernel reads one contiguous
 * 16-lane vector per weight load and does no scalar work per block.
 *
 * <p>Per activation row, groups of 8 blocks (the last one padded with zero blocks), {@value #GROUP_SHORTS} int16 each:
 * <ul>
 *   <li>@0: the offset correction, lane {@code l = 2j + e}: {@code -8·Σ_k (a_j[2k+e] + a_j[2k+e+16])} — Q4_0's −8
 *       applied through the activations, |·| ≤ 8·16·127 = 16256;</li>
 *   <li>@16 + 32k, k = 0..7: {@code c0[l] = a_j[2k+e]}, the partner of a weight byte's low nibble;</li>
 *   <li>@32 + 32k: {@code c1[l] = a_j[2k+e+16] − 16·a_j[2k+e]}, the partner of its high nibble.</li>
 * </ul>
 * A weight byte zero-extends to {@code s = lo + 16·hi}, and {@code s·c0 + (s >> 4)·c1 = lo·a_j[2k+e] + hi·a_j[2k+e+16]},
 * so the kernel needs no mask. The products wrap in int16, but every lane's true total — Σ(q − 8)·a over 16 elements,
 * |·| ≤ 16·8·127 = 16256 — fits, and int16 arithmetic is exact modulo 2^16, so the lane ends exact.
 * {@link #d} holds each block's d_a in group order (0 for padding), 8 floats per group.
 */
final class Q40Activations {
    private static final int BLOCKS = Q40Repacked.BLOCKS;
    private static final int LANES = Q40Repacked.LANES;
    static final int GROUP_SHORTS = LANES + 8 * 2 * LANES;

    /** Per row {@code groups(cols)·GROUP_SHORTS} values, rows back to back. */
    short[] c = new short[0];
    /** Per row {@code groups(cols)·8} scales d_a, rows back to back. */
    float[] d = new float[0];

    static int groups(int cols) {
        return (cols / 32 + BLOCKS - 1) / BLOCKS;
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
        for (int t = 0; t < a.n; t++) {
            for (int g = 0; g < groups; g++) {
                int out = (t * groups + g) * GROUP_SHORTS;
                for (int j = 0; j < BLOCKS; j++) {
                    int block = BLOCKS * g + j;
                    boolean real = block < blocks;
                    d[(t * groups + g) * BLOCKS + j] = real ? a.d[t * blocks + block] : 0f;
                    int x = t * cols + 32 * block;
                    for (int e = 0; e < 2; e++) {
                        int l = 2 * j + e;
                        int sum = 0;
                        for (int k = 0; k < 8; k++) {
                            int lo = real ? a.q[x + 2 * k + e] : 0;
                            int hi = real ? a.q[x + 2 * k + e + 16] : 0;
                            c[out + LANES + 2 * LANES * k + l] = (short) lo;
                            c[out + 2 * LANES + 2 * LANES * k + l] = (short) (hi - 16 * lo);
                            sum += lo + hi;
                        }
                        c[out + l] = (short) (-8 * sum);
                    }
                }
            }
        }
    }
}
