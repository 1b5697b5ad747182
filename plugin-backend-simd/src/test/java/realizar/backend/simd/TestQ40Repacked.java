package realizar.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

import org.junit.jupiter.api.Test;

import realizar.api.backend.ComputeDevice;
import realizar.api.backend.DeviceOptions;
import realizar.api.format.TensorType;

/**
 * The repacked Q4_0 kernel ({@link Q40Repacked}) where {@link TestMatmulKernels}' shapes do not reach: rows whose block
 * count fills no whole group (padding blocks in the copy and in the regrouped activations), an odd number of weight
 * rows (the two-row body and the single-row one), and more activation rows than one. Same reference and bound as
 * {@link TestMatmulKernels#fusedKernelsAgreeWithTheScalarIntegerReference}.
 */
final class TestQ40Repacked {
    private static final boolean REPACK = !"false".equals(System.getProperty("realizar.simd.repack"));

    @Test
    void theDeviceServesQ4_0FromTheRepackedCopyUnlessRepackingIsOff() {
        try (Arena arena = Arena.ofShared(); ComputeDevice device = new SimdComputeBackend().open(new DeviceOptions(2, 0))) {
            int rows = 3;
            int cols = 96;
            MemorySegment w = Fixtures.segment(RandomWeights.of(TensorType.Q4_0, rows, cols, new Random(3)), arena);
            SimdWeights weights = (SimdWeights) device.weights(Fixtures.tensor("w", TensorType.Q4_0, cols, rows, w));
            if (REPACK && Simd.available()) {
                Q40Repacked repacker = (Q40Repacked) Kernels.repacker(TensorType.Q4_0);
                assertSame(repacker.kernel(), weights.kernel());
                assertEquals(repacker.bytes(rows, cols), weights.data().byteSize());
                // 96 columns are 3 blocks: one group of BLOCKS, the rest padding; 18 bytes per 32, as the file.
                assertEquals(rows * 18L * Q40Repacked.BLOCKS, weights.data().byteSize());
                // -Drealizar.simd.wide=false (passed through by surefire) runs the suites on the AVX2 layout.
                assertEquals(Simd.WIDE ? 16 : 8, Q40Repacked.BLOCKS);
            } else {
                assertSame(w, weights.data());
            }
        }
    }

    @Test
    void rowsOfPartialGroupsOddRowCountsAndSeveralActivationRowsAgreeWithTheScalarReference() {
        Random rng = new Random(4544);
        MatmulKernel scalar = ScalarQuantizedKernels.of(TensorType.Q4_0);
        try (Arena arena = Arena.ofShared(); ComputeDevice device = new SimdComputeBackend().open(new DeviceOptions(2, 0))) {
            // Longest rows first: the device reuses its activation buffers, so shorter rows meet stale padding.
            for (int cols : new int[] {4544, 800, 288, 96, 32}) {
                for (int rows : new int[] {1, 2, 5, 9}) {
                    MemorySegment w = Fixtures.segment(RandomWeights.of(TensorType.Q4_0, rows, cols, rng), arena);
                    var weights = device.weights(Fixtures.tensor("w", TensorType.Q4_0, cols, rows, w));
                    for (int n : new int[] {1, 2, 3}) {
                        float[] x = RandomWeights.activations(n, cols, rng);
                        float[] fused = new float[n * rows];
                        device.matmul(weights, x, fused, n);
                        Activations a = new Activations();
                        a.convert(scalar.activationFormat(), x, n, cols);
                        float[] expected = new float[n * rows];
                        scalar.multiply(w, rows, cols, a, expected, 0, rows);
                        TestMatmulKernels.compare("Q4_0 " + rows + "x" + cols + " n=" + n, expected, fused,
                                TestMatmulKernels.magnitudes(TensorType.Q4_0, w, rows, cols, x, n),
                                2 * (cols / 32 + 16) * 4 * 0x1p-24, 0f);
                    }
                }
            }
        }
    }

    /**
     * Rows of several chunks (8192: two whole chunks; 4544: a partial last chunk and group; 12320: three), in tiles of
     * {@link Q40Repacked#TILE} rows chunk-major: partial last tiles (67, 70, 131 rows), odd row counts, one row, and
     * row ranges that split tiles and row pairs (as the worker threads split them), for n = 1 and n = 3 — against the
     * scalar integer reference, within {@link #rowsOfPartialGroupsOddRowCountsAndSeveralActivationRowsAgreeWithTheScalarReference}'s
     * bound (each chunk adds one float rounding, far inside it).
     */
    @Test
    void rowsOfSeveralChunksInPartialTilesAndSplitRangesAgreeWithTheScalarReference() {
        Random rng = new Random(8192);
        MatmulKernel scalar = ScalarQuantizedKernels.of(TensorType.Q4_0);
        Q40Repacked repacker = new Q40Repacked();
        try (Arena arena = Arena.ofConfined()) {
            for (int cols : new int[] {8192, 4544, 12320}) {
                for (int rows : new int[] {1, 3, 67, 70, 131}) {
                    MemorySegment w = Fixtures.segment(RandomWeights.of(TensorType.Q4_0, rows, cols, rng), arena);
                    MemorySegment copy = arena.allocate(repacker.bytes(rows, cols), 64);
                    // Repacked in two uneven parts, as the pool splits rows.
                    repacker.repack(w, copy, cols, 0, rows / 3);
                    repacker.repack(w, copy, cols, rows / 3, rows);
                    for (int n : new int[] {1, 3}) {
                        float[] x = RandomWeights.activations(n, cols, rng);
                        Activations a = new Activations();
                        a.convert(scalar.activationFormat(), x, n, cols);
                        float[] expected = new float[n * rows];
                        scalar.multiply(w, rows, cols, a, expected, 0, rows);
                        a.convert(ActivationFormat.Q8_0_X8, x, n, cols);
                        float[] magnitudes = TestMatmulKernels.magnitudes(TensorType.Q4_0, w, rows, cols, x, n);
                        int[][] splits = {{0, rows}, {0, rows / 2, rows}, {0, 33, 65, 66, 129, rows}};
                        for (int[] split : splits) {
                            float[] got = new float[n * rows];
                            java.util.Arrays.fill(got, Float.NaN);
                            for (int i = 0; i + 1 < split.length; i++) {
                                int from = Math.min(split[i], rows);
                                int to = Math.min(split[i + 1], rows);
                                if (from < to) {
                                    repacker.kernel().multiply(copy, rows, cols, a, got, from, to);
                                }
                            }
                            TestMatmulKernels.compare("Q4_0 " + rows + "x" + cols + " n=" + n + " split "
                                    + java.util.Arrays.toString(split), expected, got, magnitudes,
                                    2 * (cols / 32 + 16) * 4 * 0x1p-24, 0f);
                        }
                    }
                }
            }
        }
    }

    /**
     * Rows of one chunk keep the copy the kernel had before chunks, byte for byte ({@link Q40RepackedUnchunked}), with
     * odd row counts and more than one tile of rows; rows of several chunks do not (chunk-major tiles).
     */
    @Test
    void rowsOfOneChunkKeepTheUnchunkedCopyByteForByte() {
        Random rng = new Random(4096);
        Q40Repacked chunked = new Q40Repacked();
        Q40RepackedUnchunked unchunked = new Q40RepackedUnchunked();
        try (Arena arena = Arena.ofConfined()) {
            for (int cols : new int[] {4096, 2048, 800, 32, 8192}) {
                int rows = 131;
                MemorySegment w = Fixtures.segment(RandomWeights.of(TensorType.Q4_0, rows, cols, rng), arena);
                MemorySegment before = arena.allocate(unchunked.bytes(rows, cols), 64);
                MemorySegment now = arena.allocate(chunked.bytes(rows, cols), 64);
                unchunked.repack(w, before, cols, 0, rows);
                chunked.repack(w, now, cols, 0, rows);
                boolean oneChunk = Q40Activations.groups(cols) <= Q40Repacked.CHUNK_GROUPS;
                assertEquals(oneChunk, before.mismatch(now) == -1, cols + " columns");
            }
        }
    }

    /**
     * The f16-scale copy widens to exactly the former f32-scale copy's scales ({@link Q40RepackedF32}), bit for bit — f16
     * → f32 is exact — and, since the bodies then do the same float operations, gives its results up to the order in
     * which {@code reduceLanes} adds the lanes (which the Vector API leaves open, and which differs between the
     * interpreter and C2). Every range split (the widened scales of a pair whose first or second row lies outside the
     * range), odd row counts, partial groups, n = 1–3, and scales that are subnormal, ±0, ±infinity, NaN or the largest
     * half.
     */
    @Test
    void halfScalesWidenToTheFloatScaleCopysScalesAndResults() {
        Random rng = new Random(1618);
        short[] special = {0x0001, 0x03FF, (short) 0x8001, 0x0000, (short) 0x8000, 0x7BFF, (short) 0xFBFF, 0x7C00,
                (short) 0xFC00, 0x7E00, 0x7C01};
        Q40Repacked half = new Q40Repacked();
        Q40RepackedF32 single = new Q40RepackedF32();
        try (Arena arena = Arena.ofConfined()) {
            for (int cols : new int[] {4544, 288, 32}) {
                for (int rows : new int[] {1, 2, 5, 8}) {
                    byte[] bytes = RandomWeights.of(TensorType.Q4_0, rows, cols, rng);
                    for (int b = 0; b < bytes.length; b += 18) {
                        if (rng.nextInt(4) == 0) {
                            short h = special[rng.nextInt(special.length)];
                            bytes[b] = (byte) h;
                            bytes[b + 1] = (byte) (h >> 8);
                        }
                    }
                    MemorySegment w = Fixtures.segment(bytes, arena);
                    MemorySegment halfCopy = arena.allocate(half.bytes(rows, cols), 64);
                    MemorySegment singleCopy = arena.allocate(single.bytes(rows, cols), 64);
                    half.repack(w, halfCopy, cols, 0, rows);
                    single.repack(w, singleCopy, cols, 0, rows);
                    int groups = Q40Activations.groups(cols);
                    float[] widened = new float[groups * Q40Repacked.BLOCKS];
                    for (int r = 0; r < rows; r++) {
                        for (int chunk = 0; chunk * Q40Repacked.CHUNK_GROUPS < groups; chunk++) {
                            Q40Repacked.widen(halfCopy, Q40Repacked.scales(r, groups, rows, chunk), widened,
                                    chunk * Q40Repacked.CHUNK_GROUPS * Q40Repacked.BLOCKS,
                                    Q40Repacked.chunkGroups(groups, chunk) * Q40Repacked.BLOCKS);
                        }
                        for (int block = 0; block < widened.length; block++) {
                            int g = block / Q40Repacked.BLOCKS;
                            long at = Q40RepackedF32.start(r, groups) + Q40RepackedF32.stride(r, rows) * g
                                    + 16 * Q40Repacked.BLOCKS + 4 * (block % Q40Repacked.BLOCKS);
                            assertEquals(Float.floatToRawIntBits(singleCopy.get(Layouts.F32, at)),
                                    Float.floatToRawIntBits(widened[block]), "row " + r + " block " + block);
                        }
                    }
                    for (int n = 1; n <= 3; n++) {
                        float[] x = RandomWeights.activations(n, cols, rng);
                        Activations a = new Activations();
                        a.convert(ActivationFormat.Q8_0_X8, x, n, cols);
                        float[] magnitudes = TestMatmulKernels.magnitudes(TensorType.Q4_0, w, rows, cols, x, n);
                        for (int from = 0; from < rows; from++) {
                            for (int to = from + 1; to <= rows; to++) {
                                float[] got = new float[n * rows];
                                float[] expected = new float[n * rows];
                                half.kernel().multiply(halfCopy, rows, cols, a, got, from, to);
                                single.kernel().multiply(singleCopy, rows, cols, a, expected, from, to);
                                assertEqualUpToLaneOrder(rows + "x" + cols + " n=" + n + " rows " + from + ".." + to,
                                        expected, got, magnitudes);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Equal bits (any NaN matching any NaN), or within what adding one accumulator's 16 lanes in another order can change:
     * 16 roundings of at most 2^-24 of a partial sum, each below the row's Σ|w·x| (doubled for the activations' rounding).
     */
    static void assertEqualUpToLaneOrder(String what, float[] expected, float[] actual, float[] magnitude) {
        for (int i = 0; i < expected.length; i++) {
            boolean same = Float.compare(expected[i], actual[i]) == 0 || Float.isNaN(expected[i]) && Float.isNaN(actual[i]);
            if (!same && !(Math.abs((double) expected[i] - actual[i]) <= 32 * 0x1p-24 * magnitude[i])) {
                throw new AssertionError(what + ": output " + i + " expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }
}
