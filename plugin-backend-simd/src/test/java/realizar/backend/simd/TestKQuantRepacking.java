package realizar.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

import org.junit.jupiter.api.Test;

import realizar.api.format.TensorType;

/**
 * The load-time copies of Q4_K and Q5_K ({@link Q4KRepacked}, {@link Q5KRepacked}) hold exactly the file's values:
 * every element's quant (4 or 5 bits), every sub-block's 6-bit scale and min, and d and dmin to the bit — including
 * the f16 patterns a float round trip could alter (NaN payloads, -0, infinities, subnormals), since the copy keeps them
 * as raw bits. The kernels over the copies are compared with the scalar reference by {@link TestMatmulKernels} and
 * {@link TestMatmulExtremes} (through the device, which serves the copies); this test pins the layout itself.
 */
final class TestKQuantRepacking {
    /** f16 bit patterns for d/dmin: +0, -0, +inf, -inf, a quiet and a signalling NaN with payload, subnormals, max. */
    private static final short[] HALVES = {0x0000, (short) 0x8000, 0x7C00, (short) 0xFC00, 0x7E01, 0x7C01, 0x0001,
        (short) 0x83FF, 0x7BFF, 0x3C00, (short) 0xFFFF};

    @Test
    void q4KCopyHoldsTheFileValues() {
        checkLayout(TensorType.Q4_K, new Q4KRepacked(false), false, false);
        checkLayout(TensorType.Q4_K, new Q4KRepacked(true), false, true);
    }

    /**
     * Both widths' kernels over their copies — the device serves one ({@link Simd#WIDE}) — against the scalar integer
     * reference, on random weights and on saturated quants (every byte 0xFF, 0x80, 0x00 against activations that all
     * quantize to ±127: the int16 pair-sum bound), with {@link TestMatmulKernels}' bound. Without AVX-512 the 512-bit
     * body is not intrinsified: slow, but it must still be right.
     */
    @Test
    void bothWidthsAgreeWithTheScalarReference() {
        for (boolean wide : new boolean[] {false, true}) {
            checkKernel(TensorType.Q4_K, new Q4KRepacked(wide), wide);
            checkKernel(TensorType.Q5_K, new Q5KRepacked(wide), wide);
        }
    }

    @Test
    void q5KCopyHoldsTheFileValues() {
        checkLayout(TensorType.Q5_K, new Q5KRepacked(false), true, false);
        checkLayout(TensorType.Q5_K, new Q5KRepacked(true), true, true);
    }

    @Test
    void theDeviceRepacksQ4KAndQ5KWhereVectorsAre256BitsWide() {
        assumeTrue(Simd.available(), "SKIPPED: this CPU has no 256-bit vectors; the scalar kernels serve");
        assertInstanceOf(Q4KGrouped.class, Kernels.repacker(TensorType.Q4_K));
        assertInstanceOf(Q5KRepacked.class, Kernels.repacker(TensorType.Q5_K));
    }

    private static void checkKernel(TensorType type, Repacker repacker, boolean wide) {
        Random rng = new Random(4);
        MatmulKernel scalar = ScalarQuantizedKernels.of(type);
        int rows = 7;
        try (Arena arena = Arena.ofConfined()) {
            for (int cols : TestMatmulKernels.COLS) {
                for (int fill : new int[] {-1, 0xFF, 0x80, 0x00}) {
                    byte[] bytes = RandomWeights.of(type, rows, cols, rng);
                    float[] x = RandomWeights.activations(17, cols, rng);
                    if (fill >= 0) {
                        saturate(bytes, type, (byte) fill);
                        java.util.Arrays.fill(x, rng.nextBoolean() ? 1f : -1f);
                    }
                    MemorySegment w = Fixtures.segment(bytes, arena);
                    MemorySegment copy = arena.allocate(repacker.bytes(rows, cols), 64);
                    repacker.repack(w, copy, cols, 0, rows);
                    for (int n : TestMatmulKernels.NS) {
                        Activations a = new Activations();
                        a.convert(ActivationFormat.Q8_K, x, n, cols);
                        float[] expected = new float[n * rows];
                        scalar.multiply(w, rows, cols, a, expected, 0, rows);
                        float[] actual = new float[n * rows];
                        repacker.kernel().multiply(copy, rows, cols, a, actual, 0, rows);
                        TestMatmulKernels.compare(type + (wide ? " 512-bit " : " 256-bit ") + cols + " fill " + fill + " n=" + n,
                                expected, actual, TestMatmulKernels.magnitudes(type, w, rows, cols, x, n),
                                2 * (cols / 32 + 16) * 4 * 0x1p-24, 0f);
                    }
                }
            }
        }
    }

    /** Every byte {@code fill}, then d and dmin 1/64 so the sums stay finite (as {@link TestMatmulExtremes}). */
    private static void saturate(byte[] bytes, TensorType type, byte fill) {
        java.util.Arrays.fill(bytes, fill);
        short half = Float.floatToFloat16(1f / 64);
        for (int b = 0; b < bytes.length; b += type.blockBytes()) {
            for (int off = 0; off < 4; off += 2) {
                bytes[b + off] = (byte) half;
                bytes[b + off + 1] = (byte) (half >> 8);
            }
        }
    }

    private static void checkLayout(TensorType type, Repacker repacker, boolean five, boolean fileOrder) {
        Random rng = new Random(144);
        int rows = 3;
        int cols = 4096;
        int blockBytes = type.blockBytes();
        try (Arena arena = Arena.ofConfined()) {
            byte[] bytes = RandomWeights.of(type, rows, cols, rng);
            int blocks = rows * cols / 256;
            for (int i = 0; i < blocks; i++) {
                int d = HALVES[i % HALVES.length];
                int dmin = HALVES[(i * 7 + 3) % HALVES.length];
                bytes[i * blockBytes] = (byte) d;
                bytes[i * blockBytes + 1] = (byte) (d >> 8);
                bytes[i * blockBytes + 2] = (byte) dmin;
                bytes[i * blockBytes + 3] = (byte) (dmin >> 8);
            }
            MemorySegment src = Fixtures.segment(bytes, arena);
            assertEquals((long) blocks * blockBytes, repacker.bytes(rows, cols), type + ": the copy is the file's size");
            MemorySegment copy = arena.allocate(repacker.bytes(rows, cols), 64);
            // In two row ranges, as the worker pool splits it.
            repacker.repack(src, copy, cols, 0, 1);
            repacker.repack(src, copy, cols, 1, rows);
            long header = five ? 160 : 128;
            for (int i = 0; i < blocks; i++) {
                long b = (long) i * blockBytes;
                long o = (long) i * blockBytes;
                String where = type + " block " + i;
                long scales = copy.get(Layouts.I64, o + header);
                long mins = copy.get(Layouts.I64, o + header + 8);
                assertEquals(src.get(Layouts.I16, b), (short) Long.compress(scales, 0xC0C0C0C0C0C0C0C0L), where + ": d bits");
                assertEquals(src.get(Layouts.I16, b + 2), (short) Long.compress(mins, 0xC0C0C0C0C0C0C0C0L), where + ": dmin bits");
                for (int sub = 0; sub < 8; sub++) {
                    assertEquals(KQuants.scaleK4(src, b + 4, sub), (int) (scales >>> (8 * sub)) & 0x3F, where + " scale " + sub);
                    assertEquals(KQuants.minK4(src, b + 4, sub), (int) (mins >>> (8 * sub)) & 0x3F, where + " min " + sub);
                    for (int l = 0; l < 32; l++) {
                        assertEquals(fileQuant(src, b, sub, l, five), copyQuant(copy, o, sub, l, five, fileOrder),
                                where + " sub-block " + sub + " element " + l);
                    }
                }
            }
        }
    }

    /** ggml's dequantize_row_q4_K/q5_K indexing: qs chunk sub/2, low or high nibble; Q5_K's fifth bit is qh[l] bit sub. */
    private static int fileQuant(MemorySegment w, long b, int sub, int l, boolean five) {
        long qs = b + (five ? 48 : 16) + 32 * (sub / 2);
        int q = (Layouts.u8(w, qs + l) >>> (4 * (sub % 2))) & 0xF;
        return five ? q | ((Layouts.u8(w, b + 16 + l) >>> sub) & 1) << 4 : q;
    }

    /**
     * The documented copy layouts: qs in the file's order (512-bit kernels) or 16 bytes per sub-block, element l in the
     * low nibble and l + 16 in the high one (256-bit kernels); Q5_K's fifth bits as int16 lanes at 128.
     */
    private static int copyQuant(MemorySegment c, long o, int sub, int l, boolean five, boolean fileOrder) {
        int q = fileOrder ? (Layouts.u8(c, o + 32 * (sub / 2) + l) >>> (4 * (sub % 2))) & 0xF
                : (Layouts.u8(c, o + 16 * sub + l % 16) >>> (4 * (l / 16))) & 0xF;
        if (!five) {
            return q;
        }
        if (fileOrder) {
            return q | ((Layouts.u8(c, o + 128 + l) >>> sub) & 1) << 4;
        }
        int lane = c.get(Layouts.I16, o + 128 + 2 * (l % 16));
        return q | ((lane >>> (sub + 8 * (l / 16))) & 1) << 4;
    }
}
