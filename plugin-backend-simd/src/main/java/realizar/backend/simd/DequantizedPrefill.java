package realizar.backend.simd;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import realizar.api.format.TensorType;

/**
 * Prefill for quantized weights as a float32 matrix product: each thread decodes a panel of {@link #ROWS} weight rows
 * once per call into its own float scratch (with the bit-exact {@link Dequantizer}), then multiplies it with every
 * token through a register tile of {@link #ROWS} weight rows × {@link #TOKENS} tokens. The decoding costs once per
 * weight and call, the tile's multiply-adds once per weight and token, so from some n on it beats the fused integer
 * kernels (which decode every block again for every one or two tokens).
 *
 * <p>For quantized weights the activations are the caller's floats, not quantized to Q8_0/Q8_K as ggml's (and the fused
 * kernels') are: the product is the "dequantize, then F32 math" one ({@link ScalarDequantizeKernel}) up to float
 * summation order, closer to the exact product than ggml's. F16/BF16 weights keep ggml's activation rounding.
 *
 * <p>Layout: the activations are packed once per call, tokens innermost, {@code TOKENS} at a time
 * ({@code packed[(tile·cols + k)·TOKENS + t] = x[(tile·TOKENS + t)·cols + k]}, zero past n), so the tile loads two
 * vectors of 8 tokens per column k and broadcasts one weight per row: 2 + 8 loads for 16 FMAs, no horizontal sums.
 */
final class DequantizedPrefill implements WorkerPool.RangeTask {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    /** Tokens per tile: two 256-bit vectors. */
    static final int TOKENS = 16;
    /** Weight rows per panel and tile: 8 rows × 2 vectors = 16 accumulators. */
    static final int ROWS = 8;

    /**
     * {@code -Drealizar.simd.dequantizedPrefill}: unset or {@code auto} uses {@link #minTokens}; {@code off} never;
     * a number N serves every type from n = N on (to drive either path in tests and A/B runs).
     */
    private static final int FORCED = forced(System.getProperty("realizar.simd.dequantizedPrefill", "auto"));

    /** Whether a matmul of {@code type} weights with {@code n} activation rows goes through this path. */
    static boolean serves(TensorType type, int n) {
        if (n < 2 || Kernels.dequantizer(type) == null || Kernels.matmul(type) == null) {
            return false;
        }
        return n >= (FORCED > 0 ? FORCED : minTokens(type));
    }

    private static int forced(String mode) {
        return switch (mode) {
            case "auto" -> 0;
            case "off" -> Integer.MAX_VALUE;
            default -> {
                try {
                    yield Math.max(2, Integer.parseInt(mode));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("realizar.simd.dequantizedPrefill must be auto, off or a token count, not '" + mode + "'");
                }
            }
        };
    }

    /**
     * The break-even n per type, measured single-threaded on a 512 × 2048 matrix (README, "Prefill through dequantized
     * float tiles"): the fused kernel costs about n × its per-token time, the tiles the decoding plus one half tile
     * for n ≤ 8 or one full tile for n ≤ 16, so below this n the fused kernels are cheaper. Q2_K, Q3_K and F16 decode with the scalar
     * decoders; Q6_K's fused kernel is the fast repacked one.
     */
    static int minTokens(TensorType type) {
        return switch (type) {
            case Q5_1 -> 4;
            case Q4_1, Q5_0 -> 5;
            case F16 -> 6;
            case Q8_0, BF16 -> 7;
            // Re-measured after Q5KRepacked, Q4KGrouped and Q40Repacked made their fused kernels 1.8-2.7x faster:
            // fused/tile at n = 8 Q5_K 704/618 µs; Q4_K 846/886 at n = 24, 1095/998 at 32; Q4_0 663/758 at 24, 881/873 at 32.
            case Q5_K -> 8;
            case Q4_K -> 28;
            case Q4_0 -> 32;
            case Q3_K -> 9;
            case Q2_K -> 10;
            case Q6_K -> Q6KDense.ENABLED ? 16 : 11; // dense fused/tile at n = 12: 577/754 µs, n = 16: 777/741
            case F32 -> 13;
            default -> 16;
        };
    }

    /** Per thread: the decoded weight panel and the tile's output; grown on demand, reused across calls. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private float[] packed = new float[0];
    private int n;
    private int cols;
    private int tiles;
    /** The caller's activations while packing, and the precision they are rounded to (F32: none). */
    private float[] x;
    private ActivationFormat rounding = ActivationFormat.F32;
    private final WorkerPool.RangeTask packer = this::packTiles;
    /** The current call's weights, decoder and output (set by {@link #matmul}, cleared after). */
    private Dequantizer dequantizer;
    private MemorySegment data;
    private int rows;
    private float[] y;

    /**
     * y = W·x for {@code n} activation rows on the pool; whether to is the caller's choice ({@link #serves}). Not
     * thread-safe: one instance per device, which takes one call at a time.
     */
    void matmul(WorkerPool pool, SimdWeights w, float[] x, float[] y, int n) {
        // Activations rounded as ggml (and the fused kernels) round them for this weight type: to F16/BF16, or to the
        // values of their int8 quants (Q8_0/Q8_1/Q8_K). Float activations moved qrand-BF16's probabilities by 0.024
        // against llama.cpp (the fixture allows 0.015) and stories260K-Q4_0's from 0.015 to 0.048 (allowed 0.075).
        ActivationFormat f = w.kernel().activationFormat();
        prepare(x, n, w.cols(), f == ActivationFormat.Q8_0_X8 ? ActivationFormat.Q8_0 : f == ActivationFormat.Q8_K_X8 || f == ActivationFormat.Q8_K_Q6 ? ActivationFormat.Q8_K : f);
        pool.run(tiles, packer);
        this.dequantizer = VectorDequantizers.of(w.tensor().type());
        // The mapping, not the device's repacked copy (Repacker): the dequantizers read the file's own layout.
        this.data = w.tensor().data();
        this.rows = w.rows();
        this.y = y;
        try {
            pool.run(rows, this);
        } finally {
            this.dequantizer = null;
            this.data = null;
            this.y = null;
            this.x = null;
        }
    }

    @Override
    public void run(int from, int to) {
        multiply(dequantizer, data, rows, y, from, to);
    }

    /** Packs {@code n} activation rows of {@code cols} floats on the calling thread (the probe and tests). */
    void pack(float[] x, int n, int cols) {
        prepare(x, n, cols, ActivationFormat.F32);
        packTiles(0, tiles);
    }

    private void prepare(float[] x, int n, int cols, ActivationFormat format) {
        this.x = x;
        this.rounding = format;
        this.n = n;
        this.cols = cols;
        this.tiles = (n + TOKENS - 1) / TOKENS;
        int size = tiles * cols * TOKENS;
        if (packed.length < size) {
            packed = new float[size];
        }
    }

    /** Packs token tiles {@code [from, to)}: one per worker chunk, so no thread waits for a serial transpose. */
    private void packTiles(int from, int to) {
        float[] row = new float[0];     // a token's activations rounded through int8 quants: once per call and thread
        for (int j = from; j < to; j++) {
            int base = j * cols * TOKENS;
            for (int t = 0; t < TOKENS; t++) {
                int token = j * TOKENS + t;
                int src = token * cols;
                if (token >= n) {
                    for (int k = 0; k < cols; k++) {
                        packed[base + k * TOKENS + t] = 0f;
                    }
                } else if (rounding == ActivationFormat.F16) {
                    for (int k = 0; k < cols; k++) {
                        packed[base + k * TOKENS + t] = Float.float16ToFloat(Float.floatToFloat16(x[src + k]));
                    }
                } else if (rounding == ActivationFormat.BF16) {
                    for (int k = 0; k < cols; k++) {
                        packed[base + k * TOKENS + t] = ActivationQuantizer.bf16Round(x[src + k]);
                    }
                } else if (rounding != ActivationFormat.F32) {
                    if (row.length < cols) {
                        row = new float[cols];
                    }
                    ActivationQuantizer.roundThroughQ8(rounding, x, src, cols, row);
                    for (int k = 0; k < cols; k++) {
                        packed[base + k * TOKENS + t] = row[k];
                    }
                } else {
                    for (int k = 0; k < cols; k++) {
                        packed[base + k * TOKENS + t] = x[src + k];
                    }
                }
            }
        }
    }

    /** Rows {@code [rowFrom, rowTo)} of y = W·x for the packed activations; W is decoded from {@code data} by {@code d}. */
    void multiply(Dequantizer d, MemorySegment data, int rows, float[] y, int rowFrom, int rowTo) {
        Scratch s = SCRATCH.get();
        float[] panel = s.panel(ROWS * cols);
        float[] out = s.out;
        for (int r0 = rowFrom; r0 < rowTo; r0 += ROWS) {
            int count = Math.min(ROWS, rowTo - r0);
            d.dequantize(data, (long) r0 * cols, panel, 0, count * cols);
            if (count < ROWS) {
                java.util.Arrays.fill(panel, count * cols, ROWS * cols, 0f);
            }
            for (int j = 0; j < tiles; j++) {
                int tokens = Math.min(TOKENS, n - j * TOKENS);
                // A last tile of at most 8 tokens takes the half tile: n ≤ 8 costs half a full tile.
                if (tokens > 8) {
                    tile(panel, cols, packed, j * cols * TOKENS, out);
                } else {
                    halfTile(panel, cols, packed, j * cols * TOKENS, out);
                }
                for (int t = 0; t < tokens; t++) {
                    int o = (j * TOKENS + t) * rows + r0;
                    for (int r = 0; r < count; r++) {
                        y[o + r] = out[r * TOKENS + t];
                    }
                }
            }
        }
    }

    /**
     * out[r·16 + t] = Σ_k w[r·cols + k] · xp[xOff + k·16 + t] for r &lt; 8, t &lt; 16: 16 accumulators (8 rows × two
     * vectors of 8 tokens).
     */
    static void tile(float[] w, int cols, float[] xp, int xOff, float[] out) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F), c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F), c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F), c41 = FloatVector.zero(F), c50 = FloatVector.zero(F), c51 = FloatVector.zero(F);
        FloatVector c60 = FloatVector.zero(F), c61 = FloatVector.zero(F), c70 = FloatVector.zero(F), c71 = FloatVector.zero(F);
        int w1 = cols, w2 = 2 * cols, w3 = 3 * cols, w4 = 4 * cols, w5 = 5 * cols, w6 = 6 * cols, w7 = 7 * cols;
        for (int k = 0; k < cols; k++) {
            int xi = xOff + k * TOKENS;
            FloatVector x0 = FloatVector.fromArray(F, xp, xi);
            FloatVector x1 = FloatVector.fromArray(F, xp, xi + 8);
            FloatVector b = FloatVector.broadcast(F, w[k]);
            c00 = b.fma(x0, c00);
            c01 = b.fma(x1, c01);
            b = FloatVector.broadcast(F, w[w1 + k]);
            c10 = b.fma(x0, c10);
            c11 = b.fma(x1, c11);
            b = FloatVector.broadcast(F, w[w2 + k]);
            c20 = b.fma(x0, c20);
            c21 = b.fma(x1, c21);
            b = FloatVector.broadcast(F, w[w3 + k]);
            c30 = b.fma(x0, c30);
            c31 = b.fma(x1, c31);
            b = FloatVector.broadcast(F, w[w4 + k]);
            c40 = b.fma(x0, c40);
            c41 = b.fma(x1, c41);
            b = FloatVector.broadcast(F, w[w5 + k]);
            c50 = b.fma(x0, c50);
            c51 = b.fma(x1, c51);
            b = FloatVector.broadcast(F, w[w6 + k]);
            c60 = b.fma(x0, c60);
            c61 = b.fma(x1, c61);
            b = FloatVector.broadcast(F, w[w7 + k]);
            c70 = b.fma(x0, c70);
            c71 = b.fma(x1, c71);
        }
        c00.intoArray(out, 0);
        c01.intoArray(out, 8);
        c10.intoArray(out, 16);
        c11.intoArray(out, 24);
        c20.intoArray(out, 32);
        c21.intoArray(out, 40);
        c30.intoArray(out, 48);
        c31.intoArray(out, 56);
        c40.intoArray(out, 64);
        c41.intoArray(out, 72);
        c50.intoArray(out, 80);
        c51.intoArray(out, 88);
        c60.intoArray(out, 96);
        c61.intoArray(out, 104);
        c70.intoArray(out, 112);
        c71.intoArray(out, 120);
    }

    /**
     * {@link #tile} for the first 8 tokens of a packed tile only: out[r·16 + t] for t &lt; 8, 8 accumulators (enough
     * for two FMA pipes of latency 4), one vector load and 8 broadcasts per 8 FMAs.
     */
    static void halfTile(float[] w, int cols, float[] xp, int xOff, float[] out) {
        FloatVector c0 = FloatVector.zero(F), c1 = FloatVector.zero(F), c2 = FloatVector.zero(F), c3 = FloatVector.zero(F);
        FloatVector c4 = FloatVector.zero(F), c5 = FloatVector.zero(F), c6 = FloatVector.zero(F), c7 = FloatVector.zero(F);
        int w1 = cols, w2 = 2 * cols, w3 = 3 * cols, w4 = 4 * cols, w5 = 5 * cols, w6 = 6 * cols, w7 = 7 * cols;
        for (int k = 0; k < cols; k++) {
            FloatVector x0 = FloatVector.fromArray(F, xp, xOff + k * TOKENS);
            c0 = FloatVector.broadcast(F, w[k]).fma(x0, c0);
            c1 = FloatVector.broadcast(F, w[w1 + k]).fma(x0, c1);
            c2 = FloatVector.broadcast(F, w[w2 + k]).fma(x0, c2);
            c3 = FloatVector.broadcast(F, w[w3 + k]).fma(x0, c3);
            c4 = FloatVector.broadcast(F, w[w4 + k]).fma(x0, c4);
            c5 = FloatVector.broadcast(F, w[w5 + k]).fma(x0, c5);
            c6 = FloatVector.broadcast(F, w[w6 + k]).fma(x0, c6);
            c7 = FloatVector.broadcast(F, w[w7 + k]).fma(x0, c7);
        }
        c0.intoArray(out, 0);
        c1.intoArray(out, 16);
        c2.intoArray(out, 32);
        c3.intoArray(out, 48);
        c4.intoArray(out, 64);
        c5.intoArray(out, 80);
        c6.intoArray(out, 96);
        c7.intoArray(out, 112);
    }

    private static final class Scratch {
        float[] panel = new float[0];
        final float[] out = new float[ROWS * TOKENS];

        float[] panel(int size) {
            if (panel.length < size) {
                panel = new float[size];
            }
            return panel;
        }
    }
}
