package realizar.backend.simd.bench;

import java.util.Locale;
import java.util.SplittableRandom;

import realizar.api.backend.AttentionShape;
import realizar.api.backend.ComputeDevice;
import realizar.api.backend.DeviceOptions;
import realizar.api.backend.KvBuffer;
import realizar.backend.simd.SimdComputeBackend;

/**
 * Single-thread best-of-N timing of one decode attention step (1B Llama shape: 32 heads, 8 KV heads, head dim 64) over
 * a float32 cache and over a binary16 cache, cycling through {@code layers} layers' caches so that long contexts come
 * from memory as in a real decode. A quick A/B tool, robust to other processes (minimum over many calls), not a JMH
 * benchmark. Run from the repository root after {@code mvn -pl plugin-backend-simd -am test-compile}:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp plugin-backend-simd/target/test-classes:plugin-backend-simd/target/classes:realizar-api/target/classes \
 *      realizar.backend.simd.bench.AttentionTiming [positions, default 512,2048] [layers, default 16] [calls, default 400] [types, default F32,F16,Q8_0]
 * </pre>
 * Add {@code -Drealizar.simd.kvVectorF16=false} for the scalar binary16 decoder. (System.out: a command-line tool.)
 */
public final class AttentionTiming {
    private AttentionTiming() {
    }

    public static void main(String[] args) {
        String[] contexts = (args.length > 0 ? args[0] : "512,2048").split(",");
        int layers = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 400;
        String types = args.length > 3 ? args[3] : "F32,F16,Q8_0";
        AttentionShape s = new AttentionShape(32, 8, 64, 0.125f, 0f, 0);
        SplittableRandom random = new SplittableRandom(1);
        try (ComputeDevice device = new SimdComputeBackend().open(new DeviceOptions(1, 0))) {
            for (String c : contexts) {
                int positions = Integer.parseInt(c);
                float[][] k = new float[layers][];
                float[][] v = new float[layers][];
                KvBuffer[] kh = new KvBuffer[layers];
                KvBuffer[] vh = new KvBuffer[layers];
                KvBuffer[] kq = new KvBuffer[layers];
                KvBuffer[] vq = new KvBuffer[layers];
                for (int l = 0; l < layers; l++) {
                    k[l] = random(random, positions * s.kvWidth());
                    v[l] = random(random, positions * s.kvWidth());
                    kh[l] = half(k[l], s.kvWidth());
                    vh[l] = half(v[l], s.kvWidth());
                    kq[l] = q8(random, positions, s.kvWidth());
                    vq[l] = q8(random, positions, s.kvWidth());
                }
                float[] q = random(random, s.queryWidth());
                float[] out = new float[s.queryWidth()];
                long bestF32 = Long.MAX_VALUE;
                long bestF16 = Long.MAX_VALUE;
                long bestQ8 = Long.MAX_VALUE;
                for (int i = 0; i < calls; i++) {
                    int l = i % layers;
                    long t0 = System.nanoTime();
                    if (types.contains("F32")) {
                        device.attention(s, q, k[l], v[l], out, positions - 1, 1);
                    }
                    long t1 = System.nanoTime();
                    if (types.contains("F16")) {
                        device.attention(s, q, kh[l], vh[l], out, positions - 1, 1);
                    }
                    long t2 = System.nanoTime();
                    if (types.contains("Q8_0")) {
                        device.attention(s, q, kq[l], vq[l], out, positions - 1, 1);
                    }
                    long t3 = System.nanoTime();
                    bestQ8 = Math.min(bestQ8, t3 - t2);
                    bestF32 = Math.min(bestF32, t1 - t0);
                    bestF16 = Math.min(bestF16, t2 - t1);
                }
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "positions %5d, %d layers, best of %d:",
                        positions, layers, calls));
                if (types.contains("F32")) {
                    line.append(String.format(Locale.ROOT, " F32 %7.1f µs", bestF32 / 1e3));
                }
                if (types.contains("F16")) {
                    line.append(String.format(Locale.ROOT, " F16 %7.1f µs", bestF16 / 1e3));
                }
                if (types.contains("Q8_0")) {
                    line.append(String.format(Locale.ROOT, " Q8_0 %7.1f µs", bestQ8 / 1e3));
                }
                System.out.println(line);
            }
        }
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 6 - 3);
        }
        return a;
    }

    private static KvBuffer q8(SplittableRandom r, int positions, int width) {
        byte[] quants = new byte[positions * width];
        short[] scales = new short[positions * KvBuffer.Q8_0.blocksPerRow(width)];
        for (int i = 0; i < quants.length; i++) {
            quants[i] = (byte) (r.nextInt(255) - 127);
        }
        for (int i = 0; i < scales.length; i++) {
            scales[i] = Float.floatToFloat16((float) (r.nextDouble() * 3 / 127));
        }
        return new KvBuffer.Q8_0(quants, scales, width);
    }

    private static KvBuffer half(float[] values, int width) {
        short[] bits = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToFloat16(values[i]);
        }
        return new KvBuffer.F16(bits, width);
    }
}
