package realizar.backend.simd;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q6_K weights copied at load at the file's density (6 bits per weight), laid out for {@link Q40Repacked}'s trick: an
 * int16 lane holds several quant fields, and {@code Σ_i (v >>> s_i)·c_i} with per-call coefficients c_i
 * ({@link Q6KActivations}) multiplies each field by its activation with shifts but no masks.
 *
 * <p>Per super-block of 256, lane {@code l = 2s + h} (0..31) owns the eight elements {@code 16s + 2j + h}, j = 0..7 (the
 * even or the odd half of sub-block s); with q_j their 6-bit values (0..63, ggml's {@code ql | qh << 4}), its three int16 words are
 * <ul>
 *   <li>step A: {@code q0 | q1 << 6 | (q2 & 15) << 12},</li>
 *   <li>step B: {@code q3 | q4 << 6 | (q5 & 15) << 12},</li>
 *   <li>step C: {@code q6 | q7 << 6 | (q2 >> 4) << 12 | (q5 >> 4) << 14},</li>
 * </ul>
 * so 48 bits hold eight 6-bit values in ten fields (elements 2 and 5 split into a nibble and two bits). A step is 32
 * lanes, 64 bytes. A row is cut into chunks of {@value #CHUNK} super-blocks (2048 weights; the last chunk may be
 * shorter); a chunk of n super-blocks is their n × 192 quant bytes, then their 16 int8 sub-block scales each (@192n),
 * then each d as float32 (@208n): 212 bytes per 256 weights (the file: 210). Rows go in tiles of {@value #TILE_ROWS}
 * (the last may be shorter), and a tile holds its rows' chunk 0, then their chunk 1, and so on ({@link #chunk}), in the
 * order the kernel reads them: one forward stream per thread. With rows of 2048 (the output matrix) this is plain row
 * order. Rows are not padded to whole cache lines: on rows of 2048 that would cost 216 bytes per 256, and the
 * straddling loads of the unpadded odd rows measured no slower (2048 × 2048 in cache: 149–161 µs padded, 162 µs not;
 * memory-bound decode pays for bytes, not for split loads).
 *
 * <p>Why tiles of chunks: from DRAM, rows of 8192 (the 1B Llama's FFN-down) ran at half the rate of rows of 2048 for the
 * same bytes (2048 × 8192, one thread: 1.68–1.95 ms against 0.85–0.97 ms for 8192 × 2048), because a row's activations
 * (704 bytes per super-block, 22.5 KB for 8192) no longer stay in L1 beside the weight stream: with the first 2048
 * activations reused for the whole row (wrong sums, same weight stream) the row of 8192 ran at 0.83–0.96 ms. A chunk's
 * activations (5.6 KB) now serve all rows of a tile: tiles of 4 rows gave nothing (1.56 ms), 16 rows 1.04 ms, 64 rows
 * 0.84–0.87 ms (plugin-backend-simd/README.md, "Q4_K_M decode").
 *
 * <p>A lane's total is Σ(q − 32)·a over its eight elements (the −32 enters as a per-lane correction), |·| ≤ 8·32·127 =
 * 32512: int16 arithmetic wraps, but it is exact modulo 2^16 and the true total fits, so the lane ends exact. Two lanes
 * (one sub-block, |·| ≤ 65024) are added as sign-extended halves into an int32 lane, times the sub-block's int8 scale
 * (|·| < 2^23; the 256-bit body adds two sub-blocks per lane, < 2^24: exact in float), times d_w·d_a: ggml's integer sums, only the float summation order differs
 * ({@link ScalarQuantizedKernels#q6_K}).
 *
 * <p>Why: the {@link Q6KRepacked} copy (int8 q − 32, 288 bytes per 256) is 37 % larger than the file, and decode from
 * DRAM pays for bytes. Per 256 weights this kernel issues 3 weight loads, 7 shifts, 10 multiplies and 10 adds, plus one
 * pair sum, scale, conversion and FMA (512-bit), against eight rounds of widen, multiply, pair sum, permute, multiply
 * and add for the int8 copy: measured 2× faster in cache (1024 × 4096, single thread: 0.031 vs 0.062–0.065 ns per
 * weight at 512 bits, 0.051 vs 0.091 at 256), and from DRAM it reads 26 % fewer bytes. Splitting q into a nibble
 * stream and a two-bit stream instead would take two fields per weight (1.25 here), as many operations as the int8
 * kernel. {@link SimdDevice#weights} uses it for Q6_K unless {@code -Drealizar.simd.repack=false} or
 * {@code -Drealizar.simd.q6k=repacked}.
 */
final class Q6KDense implements Repacker {
    /** Whether {@link Kernels} serves Q6_K from this copy: {@code -Drealizar.simd.q6k=repacked} picks the int8 copy. */
    static final boolean ENABLED = !"repacked".equals(System.getProperty("realizar.simd.q6k"));
    /** 512-bit where the CPU has AVX-512 ({@link Simd#WIDE}); the layout is the same for both. */
    static final VectorSpecies<Short> SHORTS = Simd.WIDE ? Simd.S512 : Simd.S256;
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, SHORTS.vectorShape());
    private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, SHORTS.vectorShape());
    /** One scale byte per int32 lane. */
    private static final VectorSpecies<Byte> SCALES = VectorSpecies.of(byte.class, VectorShape.forBitSize(SHORTS.length() * 4));
    /** Lanes per vector, and vectors per 32-lane step (1 or 2). */
    static final int LANES = SHORTS.length();
    static final int PARTS = 32 / LANES;
    static final int QUANT_BYTES = 192;
    /** Rows per tile of the layout (see the class comment); a thread's share of rows is best a whole number of tiles. */
    static final int TILE_ROWS = 64;
    /**
     * Super-blocks per chunk of a row (2048 weights): each chunk holds its quants, then their scales, then their d, so
     * that a row is read as one forward stream whatever its width (see the class comment).
     */
    static final int CHUNK = 8;
    private static final int CHUNK_BYTES = 212 * CHUNK;

    private final MatmulKernel kernel = new Kernel();

    /** Bytes of one row of {@code cols} weights. */
    static long rowBytes(long cols) {
        return cols / 256 * 212;
    }

    /**
     * Where chunk k of row r lies: its tile of {@value #TILE_ROWS} rows (fewer in the last) holds the rows' chunk 0, then
     * their chunk 1, and so on.
     */
    static long chunk(int r, int k, int rows, int blocks) {
        int tile = r & -TILE_ROWS;
        int height = Math.min(TILE_ROWS, rows - tile);
        return tile * rowBytes(256L * blocks) + (long) height * CHUNK_BYTES * k
                + (long) (r - tile) * 212 * chunkBlocks(k, blocks);
    }

    /** Where super-block i's quants lie in row r (of {@code rows}, {@code blocks} super-blocks each). */
    static long quants(int r, int i, int rows, int blocks) {
        return chunk(r, i / CHUNK, rows, blocks) + QUANT_BYTES * (i % CHUNK);
    }

    /** Where super-block i's 16 int8 sub-block scales lie. */
    static long scales(int r, int i, int rows, int blocks) {
        return chunk(r, i / CHUNK, rows, blocks) + QUANT_BYTES * chunkBlocks(i / CHUNK, blocks) + 16 * (i % CHUNK);
    }

    /** Where super-block i's d (float32) lies. */
    static long scale(int r, int i, int rows, int blocks) {
        return chunk(r, i / CHUNK, rows, blocks) + 208 * chunkBlocks(i / CHUNK, blocks) + 4 * (i % CHUNK);
    }

    /** Super-blocks in chunk k of a row of {@code blocks}: {@value #CHUNK}, fewer in the last. */
    static int chunkBlocks(int k, int blocks) {
        return Math.min(CHUNK, blocks - CHUNK * k);
    }

    @Override
    public long bytes(long rows, long cols) {
        return rows * rowBytes(cols);
    }

    @Override
    public MatmulKernel kernel() {
        return kernel;
    }

    /** Row by row through heap arrays: one bulk copy in, one out (byte-wise segment access ran at ~0.5 GB/s). */
    @Override
    public void repack(MemorySegment src, MemorySegment dst, int cols, int from, int to) {
        int blocks = cols / 256;
        int rows = Math.toIntExact(dst.byteSize() / rowBytes(cols));
        byte[] in = new byte[blocks * 210];
        byte[] out = new byte[(int) rowBytes(cols)];
        int[] q = new int[256];
        for (int r = from; r < to; r++) {
            MemorySegment.copy(src, java.lang.foreign.ValueLayout.JAVA_BYTE, (long) r * blocks * 210, in, 0, in.length);
            for (int i = 0; i < blocks; i++) {
                int b = 210 * i;
                // ggml's dequantize_row_q6_K: 128-element halves n, four 32-element runs from ql's nibbles and qh's pairs.
                for (int n = 0; n < 2; n++) {
                    for (int l = 0; l < 32; l++) {
                        int lo = in[b + 64 * n + l] & 0xFF;
                        int hi = in[b + 64 * n + 32 + l] & 0xFF;
                        int h = in[b + 128 + 32 * n + l] & 0xFF;
                        q[128 * n + l] = (lo & 0xF) | (h & 3) << 4;
                        q[128 * n + l + 32] = (hi & 0xF) | (h >>> 2 & 3) << 4;
                        q[128 * n + l + 64] = lo >>> 4 | (h >>> 4 & 3) << 4;
                        q[128 * n + l + 96] = hi >>> 4 | (h >>> 6 & 3) << 4;
                    }
                }
                // Staged as chunks in order (quants, scales, d per chunk), then each chunk copied to its place in the tile.
                int o = (int) quants(0, i, 1, blocks);
                for (int l = 0; l < 32; l++) {
                    // Lane l = 2s + h takes elements 16s + 2j + h, j = 0..7, of sub-block s (see the class comment).
                    int e = 16 * (l >> 1) + (l & 1);
                    putShort(out, o + 2 * l, q[e] | q[e + 2] << 6 | (q[e + 4] & 15) << 12);
                    putShort(out, o + 64 + 2 * l, q[e + 6] | q[e + 8] << 6 | (q[e + 10] & 15) << 12);
                    putShort(out, o + 128 + 2 * l, q[e + 12] | q[e + 14] << 6 | (q[e + 4] >> 4) << 12 | (q[e + 10] >> 4) << 14);
                }
                System.arraycopy(in, b + 192, out, (int) scales(0, i, 1, blocks), 16);
                int d = Float.floatToRawIntBits(Float.float16ToFloat((short) (in[b + 208] & 0xFF | in[b + 209] << 8)));
                putShort(out, (int) scale(0, i, 1, blocks), d);
                putShort(out, (int) scale(0, i, 1, blocks) + 2, d >>> 16);
            }
            for (int k = 0; k * CHUNK < blocks; k++) {
                MemorySegment.copy(out, CHUNK_BYTES * k, dst, java.lang.foreign.ValueLayout.JAVA_BYTE, chunk(r, k, rows, blocks),
                        212 * chunkBlocks(k, blocks));
            }
        }
    }

    private static void putShort(byte[] out, int at, int value) {
        out[at] = (byte) value;
        out[at + 1] = (byte) (value >>> 8);
    }

    private static final class Kernel implements MatmulKernel {
        @Override
        public ActivationFormat activationFormat() {
            return ActivationFormat.Q8_K_Q6;
        }

        @Override
        public void multiply(MemorySegment w, int rows, int cols, Activations a, float[] y, int rowFrom, int rowTo) {
            int blocks = cols / 256;
            short[] c = a.q6k.c;
            float[] d = a.d;
            if (blocks <= CHUNK) {
                multiplyShortRows(w, rows, blocks, c, d, a.n, y, rowFrom, rowTo);
                return;
            }
            for (int r0 = rowFrom, r1; r0 < rowTo; r0 = r1) {
                r1 = Math.min(rowTo, (r0 & -TILE_ROWS) + TILE_ROWS);
                // Chunk by chunk across the tile's rows, as they lie: one chunk of activations (5.6 KB) serves them all, and
                // each weight chunk (1.7 KB) serves every activation row from L1.
                for (int k = 0; k * CHUNK < blocks; k++) {
                    int n = chunkBlocks(k, blocks);
                    for (int r = r0; r < r1; r++) {
                        long at = chunk(r, k, rows, blocks);
                        for (int t = 0; t < a.n; t++) {
                            float v = dot(w, at, c, d, t * blocks + CHUNK * k, n);
                            y[t * rows + r] = k == 0 ? v : y[t * rows + r] + v;
                        }
                    }
                }
            }
        }

        /**
         * Rows of one chunk (up to 2048 weights, e.g. the output matrix), which lie in plain row order: row after row,
         * four at a time against each activation row, the loop this class had before the chunks. The chunked loop computes
         * the same sums, but with it Q4_0-file decode (whose Q6_K output matrix is 2048 wide) ran 30.1–33.1 tok/s against
         * 31.8–34.3 before the chunks (three alternating pairs); with this loop 31.8–33.6 against 30.1–33.2 (four pairs).
         * The evidence is thin (this VM's DRAM rate drifts ±10 % within minutes) but the loop costs nothing.
         */
        private static void multiplyShortRows(MemorySegment w, int rows, int blocks, short[] c, float[] d, int n, float[] y,
                int rowFrom, int rowTo) {
            long rowBytes = 212L * blocks;
            for (int r0 = rowFrom; r0 < rowTo; r0 += 4) {
                int r1 = Math.min(rowTo, r0 + 4);
                for (int t = 0; t < n; t++) {
                    for (int r = r0; r < r1; r++) {
                        y[t * rows + r] = dot(w, r * rowBytes, c, d, t * blocks, blocks);
                    }
                }
            }
        }

        /**
         * One row against the activation row whose first super-block is {@code s0}: per super-block (in
         * {@link #PARTS} vectors of lanes), the lanes accumulate the three steps from the −32 correction, adjacent lanes
         * add into the sub-block's int32 lane, times its scale; converted and scaled by d_w·d_a once per super-block.
         */
        private static float dot(MemorySegment w, long chunk, short[] c, float[] d, int s0, int n) {
            FloatVector acc = FloatVector.zero(FLOATS);
            long scales = chunk + (long) QUANT_BYTES * n;
            long dws = chunk + 208L * n;
            for (int i = 0; i < n; i++) {
                // Offsets computed from i itself (no second induction variable), so that C2 can range-check them once.
                int x = (s0 + i) * Q6KActivations.SUPER_SHORTS;
                long b = chunk + (long) QUANT_BYTES * i;
                IntVector isum = IntVector.zero(INTS);
                for (int p = 0; p < PARTS; p++) {
                    int xp = x + LANES * p;
                    long bp = b + 2L * LANES * p;
                    ShortVector sum = ShortVector.fromArray(SHORTS, c, xp);
                    ShortVector va = ShortVector.fromMemorySegment(SHORTS, w, bp, ByteOrder.LITTLE_ENDIAN);
                    ShortVector vb = ShortVector.fromMemorySegment(SHORTS, w, bp + 64, ByteOrder.LITTLE_ENDIAN);
                    ShortVector vc = ShortVector.fromMemorySegment(SHORTS, w, bp + 128, ByteOrder.LITTLE_ENDIAN);
                    sum = sum.add(va.mul(ShortVector.fromArray(SHORTS, c, xp + 32))
                            .add(va.lanewise(VectorOperators.LSHR, 6).mul(ShortVector.fromArray(SHORTS, c, xp + 64)))
                            .add(va.lanewise(VectorOperators.LSHR, 12).mul(ShortVector.fromArray(SHORTS, c, xp + 96))));
                    sum = sum.add(vb.mul(ShortVector.fromArray(SHORTS, c, xp + 128))
                            .add(vb.lanewise(VectorOperators.LSHR, 6).mul(ShortVector.fromArray(SHORTS, c, xp + 160)))
                            .add(vb.lanewise(VectorOperators.LSHR, 12).mul(ShortVector.fromArray(SHORTS, c, xp + 192))));
                    sum = sum.add(vc.mul(ShortVector.fromArray(SHORTS, c, xp + 224))
                            .add(vc.lanewise(VectorOperators.LSHR, 6).mul(ShortVector.fromArray(SHORTS, c, xp + 256)))
                            .add(vc.lanewise(VectorOperators.LSHR, 12).mul(ShortVector.fromArray(SHORTS, c, xp + 288))
                                    .add(vc.lanewise(VectorOperators.LSHR, 14).mul(ShortVector.fromArray(SHORTS, c, xp + 320)))));
                    // Lanes 2s and 2s+1 are sub-block s's halves: |sum| ≤ 65024 needs the sign-extended pair sum.
                    IntVector pairs = sum.reinterpretAsInts();
                    IntVector dots = pairs.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)
                            .add(pairs.lanewise(VectorOperators.ASHR, 16));
                    IntVector sc = (IntVector) ByteVector.fromMemorySegment(SCALES, w, scales + 16L * i + LANES / 2 * p, ByteOrder.LITTLE_ENDIAN)
                            .convertShape(VectorOperators.B2I, INTS, 0);
                    isum = isum.add(dots.mul(sc));
                }
                float scale = d[s0 + i] * w.get(Layouts.F32, dws + 4L * i);
                acc = ((FloatVector) isum.convert(VectorOperators.I2F, 0)).fma(FloatVector.broadcast(FLOATS, scale), acc);
            }
            return acc.reduceLanes(VectorOperators.ADD);
        }
    }
}
