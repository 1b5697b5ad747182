package realizar.backend.simd;

/**
 * Q8_K activations regrouped for {@link Q6KDense} ({@link ActivationFormat#Q8_K_Q6}): built once per matmul call from the
 * ggml-exact Q8_K quants in {@link Activations#q} (the kernel reads the scales d_a from {@link Activations#d}).
 *
 * <p>Per super-block of an activation row, {@value #SUPER_SHORTS} int16: eleven vectors of 32 lanes, lane
 * {@code l = 2s + h} belonging to elements {@code 16s + 2j + h}, j = 0..7 (a_0..a_7 below), as in {@link Q6KDense}:
 * <ul>
 *   <li>@0: the offset correction {@code −32·Σ a_j} (Q6_K's −32 applied through the activations, |·| ≤ 32512);</li>
 *   <li>@32, 64, 96 (step A, fields at bits 0, 6, 12): {@code a_0}, {@code a_1 − 64·a_0}, {@code a_2 − 64·a_1};</li>
 *   <li>@128, 160, 192 (step B): {@code a_3}, {@code a_4 − 64·a_3}, {@code a_5 − 64·a_4};</li>
 *   <li>@224, 256, 288, 320 (step C, bits 0, 6, 12, 14): {@code a_6}, {@code a_7 − 64·a_6}, {@code 16·a_2 − 64·a_7},
 *       {@code 16·a_5 − 4·16·a_2} (the two-bit fields are bits 4–5 of q_2 and q_5, hence 16·a).</li>
 * </ul>
 * With field i at bit s_i wanting multiplier A_i, {@code c_i = A_i − 2^(s_i − s_(i−1))·A_(i−1)} makes
 * {@code Σ_i (v >>> s_i)·c_i = Σ_i f_i·A_i}: the higher fields that each shift leaves in the lane are cancelled by the
 * next coefficient. All of it modulo 2^16, which the kernel's exact lane totals make harmless.
 *
 * <p>Built by a scalar loop: ~0.3 µs per super-block (5 µs per 4096-element row, beside 7 µs for the Q8_K
 * quantization itself). Vector gathers of the strided elements were 10–15× slower (short gathers, and int gathers of
 * element pairs, 56 and 78 µs per 4096-element row): the Vector API did not turn them into fast code here.
 */
final class Q6KActivations {
    static final int SUPER_SHORTS = 11 * 32;

    /** Per row {@code cols / 256 · SUPER_SHORTS} values, rows back to back. */
    short[] c = new short[0];

    /** Regroups the Q8_K quants of {@code a} (already converted) for every activation row. */
    void build(Activations a) {
        int supers = a.n * a.cols / 256;
        if (c.length < supers * SUPER_SHORTS) {
            c = new short[supers * SUPER_SHORTS];
        }
        short[] q = a.q;
        for (int s = 0; s < supers; s++) {
            regroup(q, 256 * s, c, SUPER_SHORTS * s);
        }
    }

    private static void regroup(short[] q, int x, short[] c, int out) {
        for (int l = 0; l < 32; l++) {
            int e = x + 16 * (l >> 1) + (l & 1);
            int a0 = q[e];
            int a1 = q[e + 2];
            int a2 = q[e + 4];
            int a3 = q[e + 6];
            int a4 = q[e + 8];
            int a5 = q[e + 10];
            int a6 = q[e + 12];
            int a7 = q[e + 14];
            int o = out + l;
            c[o] = (short) (-32 * (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7));
            c[o + 32] = (short) a0;
            c[o + 64] = (short) (a1 - 64 * a0);
            c[o + 96] = (short) (a2 - 64 * a1);
            c[o + 128] = (short) a3;
            c[o + 160] = (short) (a4 - 64 * a3);
            c[o + 192] = (short) (a5 - 64 * a4);
            c[o + 224] = (short) a6;
            c[o + 256] = (short) (a7 - 64 * a6);
            c[o + 288] = (short) (16 * a2 - 64 * a7);
            c[o + 320] = (short) (16 * a5 - 64 * a2);
        }
    }
}
