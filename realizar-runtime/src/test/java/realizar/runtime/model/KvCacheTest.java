package realizar.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import realizar.api.backend.KvBuffer;

/** The cache's storage: each type in its own encoding, rows reading back as {@link KvType#round} rounds, its bytes. */
final class KvCacheTest {
    /**
     * Rows of 48 values (a short last Q8_0 block) with random magnitudes over many binades, values that overflow or
     * underflow binary16, and an all-zero block: every stored value decodes to exactly the float the old float32
     * cache held after {@link KvType#round}.
     */
    @ParameterizedTest
    @EnumSource(KvType.class)
    void storedRowsReadBackExactlyAsRounded(KvType type) {
        int width = 48;
        int positions = 5;
        KvCache cache = new KvCache(2, positions, width, type);
        SplittableRandom random = new SplittableRandom(3);
        float[] k = new float[positions * width];
        float[] v = new float[positions * width];
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) ((random.nextDouble() - 0.5) * Math.pow(2, random.nextInt(-30, 20)));
            v[i] = (float) (random.nextGaussian() * 4);
        }
        k[3] = 70000f;              // above binary16's largest finite value: rounds to infinity
        k[4] = -1e-8f;              // below its smallest subnormal: rounds to -0
        k[5] = 65520f;              // exactly half-way to 2^16: rounds (to even) to infinity
        java.util.Arrays.fill(v, 2 * width, 2 * width + 32, 0f);
        for (int p = 0; p < positions; p++) {
            cache.store(1, p, k, p * width, v, p * width);
        }
        for (int p = 0; p < positions; p++) {
            assertRow(type, cache.keys(1), k, p, width);
            assertRow(type, cache.values(1), v, p, width);
        }
    }

    private static void assertRow(KvType type, KvBuffer buffer, float[] source, int p, int width) {
        float[] expected = java.util.Arrays.copyOfRange(source, p * width, (p + 1) * width);
        type.round(expected, 0, width);
        float[] decoded = new float[width];
        buffer.decode(p * width, decoded, 0, width);
        for (int i = 0; i < width; i++) {
            // == : an int8 quant of 0 has no sign, so Q8_0 reads -0.0 back as 0.0 (as ggml's does); equal in any sum.
            boolean same = expected[i] == decoded[i] || Float.isNaN(expected[i]) && Float.isNaN(decoded[i]);
            assertTrue(same, type + " position " + p + " value " + i + ": " + expected[i] + " vs " + decoded[i]);
        }
    }

    /**
     * The 1B Llama shape (16 layers, 8 KV heads × 64 = 512 values a row): per position and layer K+V take 4096 bytes
     * as F32, 2048 as F16 (half) and 1088 as Q8_0 (34 bytes per 32 values); the allocated arrays add up to that.
     */
    @Test
    void bytesPerTypeForTheLlama1BShape() {
        int layers = 16;
        int width = 512;
        int positions = 8;
        assertEquals(4096, KvCache.bytesPerPositionAndLayer(KvType.F32, width));
        assertEquals(2048, KvCache.bytesPerPositionAndLayer(KvType.F16, width));
        assertEquals(1088, KvCache.bytesPerPositionAndLayer(KvType.Q8_0, width));
        long f32 = new KvCache(layers, positions, width, KvType.F32).bytes();
        long f16 = new KvCache(layers, positions, width, KvType.F16).bytes();
        long q8 = new KvCache(layers, positions, width, KvType.Q8_0).bytes();
        assertEquals((long) layers * positions * 4096, f32);
        assertEquals(f32 / 2, f16);
        assertEquals((long) layers * positions * 1088, q8);
    }

    @Test
    void eachTypeIsHeldInItsOwnEncoding() {
        assertInstanceOf(KvBuffer.F32.class, new KvCache(1, 2, 32, KvType.F32).keys(0));
        assertInstanceOf(KvBuffer.F16.class, new KvCache(1, 2, 32, KvType.F16).values(0));
        KvBuffer q8 = new KvCache(1, 2, 40, KvType.Q8_0).keys(0);
        assertEquals(2 * 2, ((KvBuffer.Q8_0) q8).scales().length, "two blocks a row of 40, the second short");
    }

    /** Rewinding a session re-stores a position: the new row replaces the old one entirely (Q8_0 scales included). */
    @Test
    void storingAPositionAgainReplacesIt() {
        KvCache cache = new KvCache(1, 2, 32, KvType.Q8_0);
        float[] big = new float[32];
        float[] small = new float[32];
        java.util.Arrays.fill(big, 100f);
        small[0] = 0.5f;
        cache.store(0, 1, big, 0, big, 0);
        cache.store(0, 1, small, 0, small, 0);
        float[] decoded = new float[32];
        cache.keys(0).decode(32, decoded, 0, 32);
        assertEquals(0.5f, decoded[0], 0.5f / 254);
        assertEquals(0f, decoded[1]);
    }
}
