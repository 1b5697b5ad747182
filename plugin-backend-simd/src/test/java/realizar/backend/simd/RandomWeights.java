package realizar.backend.simd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import realizar.api.format.TensorType;

/** Random weight bytes of any supported encoding: random quants, with every scale set to a sane finite half. */
final class RandomWeights {
    private RandomWeights() {
    }

    static byte[] of(TensorType type, int rows, int cols, Random rng) {
        int count = rows * cols;
        ByteBuffer buf = ByteBuffer.allocate((int) type.bytesFor(count)).order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case F32 -> {
                for (int i = 0; i < count; i++) {
                    buf.putFloat(gauss(rng));
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    buf.putShort(Float.floatToFloat16(gauss(rng)));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    buf.putShort((short) (Float.floatToRawIntBits(gauss(rng)) >>> 16));
                }
            }
            default -> {
                rng.nextBytes(buf.array());
                int blocks = count / type.blockSize();
                for (int b = 0; b < blocks; b++) {
                    int base = b * type.blockBytes();
                    for (int off : scaleOffsets(type)) {
                        // Signed scales exercise ggml's -0.0 and negative-d paths; mins (second field) may be negative too.
                        buf.putShort(base + off, Float.floatToFloat16((rng.nextFloat() * 2 - 1) * 0.02f));
                    }
                }
            }
        }
        return buf.array();
    }

    /** Byte offsets of the f16 scale fields of one block. */
    private static int[] scaleOffsets(TensorType type) {
        return switch (type) {
            case Q4_0, Q5_0, Q8_0 -> new int[] {0};
            case Q4_1, Q5_1, Q4_K, Q5_K -> new int[] {0, 2};
            case Q2_K -> new int[] {80, 82};
            case Q3_K -> new int[] {108};
            case Q6_K -> new int[] {208};
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    static float gauss(Random rng) {
        return (float) rng.nextGaussian() * 0.1f;
    }

    /** n rows of activations, roughly N(0, 1), with one all-zero block per row to hit the amax = 0 path. */
    static float[] activations(int n, int cols, Random rng) {
        float[] x = new float[n * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        for (int t = 0; t < n; t++) {
            int zeroBlock = rng.nextInt(cols / 32);
            java.util.Arrays.fill(x, t * cols + zeroBlock * 32, t * cols + zeroBlock * 32 + 32, 0f);
        }
        return x;
    }
}
