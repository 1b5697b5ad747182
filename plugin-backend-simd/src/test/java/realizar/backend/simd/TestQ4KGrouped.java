package realizar.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import realizar.api.backend.ComputeDevice;
import realizar.api.backend.DeviceOptions;
import realizar.api.format.TensorType;

/**
 * The grouped Q4_K kernel ({@link Q4KGrouped}) against the scalar integer reference, where whole-matrix shapes do not
 * reach: rows whose sub-block count fills no whole group (an odd number of super-blocks with 512-bit groups of two),
 * odd weight-row counts, row ranges that start or end inside a row pair, several activation rows (n = 1–3), and
 * saturated weights and activations (every nibble 15, every |a| = 127: the int16 lane and pair bounds). Same bound as
 * {@link TestMatmulKernels#fusedKernelsAgreeWithTheScalarIntegerReference}.
 */
final class TestQ4KGrouped {
    private static final MatmulKernel SCALAR = ScalarQuantizedKernels.of(TensorType.Q4_K);
    private static final boolean REPACK = !"false".equals(System.getProperty("realizar.simd.repack"));

    @Test
    void theDeviceServesQ4_KFromTheGroupedCopyUnlessRepackingIsOff() {
        try (Arena arena = Arena.ofShared(); ComputeDevice device = new SimdComputeBackend().open(new DeviceOptions(2, 0))) {
            int rows = 3;
            int cols = 768;
            MemorySegment w = Fixtures.segment(RandomWeights.of(TensorType.Q4_K, rows, cols, new Random(3)), arena);
            SimdWeights weights = (SimdWeights) device.weights(Fixtures.tensor("w", TensorType.Q4_K, cols, rows, w));
            if (REPACK && Simd.available()) {
                Repacker repacker = Kernels.repacker(TensorType.Q4_K);
                assertInstanceOf(Q4KGrouped.class, repacker);
                assertSame(repacker.kernel(), weights.kernel());
                // 768 columns are 24 sub-blocks: 2 groups of 16 (the second half padding) or 3 of 8; 152 bytes per 256.
                assertEquals(Simd.WIDE ? 16 : 8, Q4KGrouped.BLOCKS);
                assertEquals(rows * (Simd.WIDE ? 32 : 24) / 8 * 152L, weights.data().byteSize());
                float[] x = RandomWeights.activations(2, cols, new Random(5));
                float[] fused = new float[2 * rows];
                device.matmul(weights, x, fused, 2);
                Activations a = new Activations();
                a.convert(ActivationFormat.Q8_K, x, 2, cols);
                float[] expected = new float[2 * rows];
                SCALAR.multiply(w, rows, cols, a, expected, 0, rows);
                TestMatmulKernels.compare("Q4_K device", expected, fused, TestMatmulKernels.magnitudes(TensorType.Q4_K, w, rows,
                        cols, x, 2), 2 * (cols / 32 + 16) * 4 * 0x1p-24, 0f);
            } else {
                assertSame(w, weights.data());
            }
        }
    }

    @Test
    void partialGroupsOddRowCountsAndSeveralActivationRowsAgreeWithTheScalarReference() {
        Random rng = new Random(4352);
        Q4KGrouped repacker = new Q4KGrouped();
        try (Arena arena = Arena.ofConfined()) {
            // Longest rows first: the activation buffers are reused, so shorter rows meet stale padding.
            Activations a = new Activations();
            for (int cols : new int[] {4352, 768, 512, 256}) {
                // 67: a whole tile of 64 rows and a short one ending in a lone row (Q4KGrouped.TILE_ROWS); 4352: two
                // chunks (Q4KGrouped.CHUNK), the second partial.
                for (int rows : new int[] {1, 2, 5, 9, 67}) {
                    byte[] bytes = RandomWeights.of(TensorType.Q4_K, rows, cols, rng);
                    for (int n : new int[] {1, 2, 3}) {
                        check(repacker, bytes, RandomWeights.activations(n, cols, rng), rows, cols, n, a, arena, "");
                    }
                }
            }
        }
    }

    @Test
    void saturatedWeightsAndActivationsStayExact() {
        Random rng = new Random(15);
        Q4KGrouped repacker = new Q4KGrouped();
        try (Arena arena = Arena.ofConfined()) {
            for (int fill : new int[] {0xFF, 0x80, 0x00}) {
                for (float sign : new float[] {1f, -1f}) {
                    int rows = 3;
                    int cols = 768;
                    byte[] bytes = RandomWeights.of(TensorType.Q4_K, rows, cols, rng);
                    Arrays.fill(bytes, (byte) fill);
                    short half = Float.floatToFloat16(1f / 64);
                    for (int b = 0; b < bytes.length; b += TensorType.Q4_K.blockBytes()) {
                        for (int off = 0; off < 4; off += 2) {
                            bytes[b + off] = (byte) half;
                            bytes[b + off + 1] = (byte) (half >> 8);
                        }
                    }
                    float[] x = new float[2 * cols];
                    Arrays.fill(x, sign);
                    check(repacker, bytes, x, rows, cols, 2, new Activations(), arena, " fill " + fill + " sign " + sign);
                }
            }
        }
    }

    /**
     * The compact copy widens to exactly the former float32 copy's scales d·sc_j and mins −dmin·m_j ({@link Q4KGroupedF32}),
     * bit for bit — exact products either way — and, since the bodies then do the same float operations, gives its
     * results up to the order of {@code reduceLanes} (see {@link TestQ40Repacked#assertEqualUpToLaneOrder}). Every row
     * range, odd row counts, partial groups, n = 1–3, random 6-bit fields, and d/dmin that are subnormal, ±0, ±infinity,
     * NaN or the largest half.
     */
    @Test
    void compactCopyWidensToTheFloatScaleCopysScalesAndResults() {
        Random rng = new Random(2718);
        short[] special = {0x0001, 0x03FF, (short) 0x8001, 0x0000, (short) 0x8000, 0x7BFF, (short) 0xFBFF, 0x7C00,
                (short) 0xFC00, 0x7E00, 0x7C01};
        Q4KGrouped compact = new Q4KGrouped();
        Q4KGroupedF32 single = new Q4KGroupedF32();
        int blocks = Q4KGrouped.BLOCKS;
        try (Arena arena = Arena.ofConfined()) {
            for (int cols : new int[] {4352, 768, 256}) {
                for (int rows : new int[] {1, 2, 5, 8}) {
                    byte[] bytes = RandomWeights.of(TensorType.Q4_K, rows, cols, rng);
                    for (int b = 0; b < bytes.length; b += TensorType.Q4_K.blockBytes()) {
                        for (int off = 0; off < 4; off += 2) {
                            if (rng.nextInt(3) == 0) {
                                short h = special[rng.nextInt(special.length)];
                                bytes[b + off] = (byte) h;
                                bytes[b + off + 1] = (byte) (h >> 8);
                            }
                        }
                    }
                    MemorySegment w = Fixtures.segment(bytes, arena);
                    MemorySegment compactCopy = arena.allocate(compact.bytes(rows, cols), 64);
                    MemorySegment singleCopy = arena.allocate(single.bytes(rows, cols), 64);
                    compact.repack(w, compactCopy, cols, 0, rows);
                    single.repack(w, singleCopy, cols, 0, rows);
                    int groups = Q4KActivations.groups(cols);
                    int perRow = groups * blocks;
                    float[] widened = new float[2 * perRow];
                    for (int r = 0; r < rows; r++) {
                        // Chunk by chunk: a row's scale bytes lie with each chunk's quants.
                        for (int k = 0; k * Q4KGrouped.CHUNK < groups; k++) {
                            int g0 = Q4KGrouped.CHUNK * k;
                            Q4KGrouped.widen(compactCopy, Q4KGrouped.scales(r, k, rows, groups), widened, blocks * g0, perRow,
                                    Q4KGrouped.chunkGroups(k, groups), true, new float[perRow], new float[perRow], g0);
                        }
                        for (int j = 0; j < perRow; j++) {
                            long at = Q4KGroupedF32.start(r, groups) + Q4KGroupedF32.stride(r, rows) * (j / blocks)
                                    + 4 * (j % blocks);
                            String where = "row " + r + " lane pair " + j;
                            assertEquals(Float.floatToRawIntBits(singleCopy.get(Layouts.F32, at + 16 * blocks)),
                                    Float.floatToRawIntBits(widened[j]), where + " scale");
                            assertEquals(Float.floatToRawIntBits(singleCopy.get(Layouts.F32, at + 20 * blocks)),
                                    Float.floatToRawIntBits(widened[perRow + j]), where + " min");
                        }
                    }
                    for (int n = 1; n <= 3; n++) {
                        float[] x = RandomWeights.activations(n, cols, rng);
                        Activations a = new Activations();
                        a.convert(ActivationFormat.Q8_K_X8, x, n, cols);
                        float[] magnitudes = TestMatmulKernels.magnitudes(TensorType.Q4_K, w, rows, cols, x, n);
                        for (int from = 0; from < rows; from++) {
                            for (int to = from + 1; to <= rows; to++) {
                                float[] got = new float[n * rows];
                                float[] expected = new float[n * rows];
                                compact.kernel().multiply(compactCopy, rows, cols, a, got, from, to);
                                single.kernel().multiply(singleCopy, rows, cols, a, expected, from, to);
                                String what = rows + "x" + cols + " n=" + n + " rows " + from + ".." + to;
                                TestQ40Repacked.assertEqualUpToLaneOrder(what, expected, got, magnitudes);
                            }
                        }
                    }
                }
            }
        }
    }

    /** All rows, then every row range [from, to) of the same copy (ranges that split a row pair included). */
    private static void check(Q4KGrouped repacker, byte[] bytes, float[] x, int rows, int cols, int n, Activations a,
            Arena arena, String what) {
        MemorySegment w = Fixtures.segment(bytes, arena);
        MemorySegment copy = arena.allocate(repacker.bytes(rows, cols), 64);
        // Two repack calls, split at row 1, as the device's parallel load splits them.
        repacker.repack(w, copy, cols, 0, Math.min(1, rows));
        repacker.repack(w, copy, cols, Math.min(1, rows), rows);
        Activations reference = new Activations();
        reference.convert(ActivationFormat.Q8_K, x, n, cols);
        float[] expected = new float[n * rows];
        SCALAR.multiply(w, rows, cols, reference, expected, 0, rows);
        a.convert(repacker.kernel().activationFormat(), x, n, cols);
        float[] magnitudes = TestMatmulKernels.magnitudes(TensorType.Q4_K, w, rows, cols, x, n);
        double bound = 2 * (cols / 32 + 16) * 4 * 0x1p-24;
        for (int from = 0; from < rows; from++) {
            for (int to = from + 1; to <= rows; to++) {
                float[] actual = new float[n * rows];
                repacker.kernel().multiply(copy, rows, cols, a, actual, from, to);
                float[] want = new float[n * rows];
                for (int t = 0; t < n; t++) {
                    System.arraycopy(expected, t * rows + from, want, t * rows + from, to - from);
                }
                TestMatmulKernels.compare("Q4_K grouped " + rows + "x" + cols + " n=" + n + " rows [" + from + ", " + to + ")"
                        + what, want, actual, magnitudes, bound, 0f);
            }
        }
    }
}
