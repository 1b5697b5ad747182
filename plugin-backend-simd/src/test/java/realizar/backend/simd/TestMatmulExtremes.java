package realizar.backend.simd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import realizar.api.backend.ComputeDevice;
import realizar.api.backend.DeviceOptions;
import realizar.api.backend.Weights;
import realizar.api.format.TensorType;

/**
 * The fused kernels at the edges of their integer ranges, where random weights rarely go: every quant byte 0xFF, 0x80
 * or 0x00 (largest nibbles, largest 5th/6th bits, the int8 scale -128 or -1 of Q6_K) against activations that all
 * quantize to +127 or -127. These are the inputs that would overflow an int16 lane or an int16 pair sum
 * ({@link Simd#pairSumSmall}) if a kernel's documented bound were wrong. Compared with the scalar reference under the
 * bound of {@link TestMatmulKernels}.
 */
final class TestMatmulExtremes {
    private static final TensorType[] TYPES = {TensorType.Q4_0, TensorType.Q4_1, TensorType.Q5_0, TensorType.Q5_1,
        TensorType.Q8_0, TensorType.Q2_K, TensorType.Q3_K, TensorType.Q4_K, TensorType.Q5_K, TensorType.Q6_K};

    @Test
    void saturatedQuantsAgreeWithTheScalarReference() {
        int rows = 5;
        int cols = 512;
        try (Arena arena = Arena.ofShared(); ComputeDevice device = new SimdComputeBackend().open(new DeviceOptions(2, 0))) {
            for (TensorType type : TYPES) {
                MatmulKernel scalar = ScalarQuantizedKernels.of(type);
                for (int fill : new int[] {0xFF, 0x80, 0x00}) {
                    MemorySegment w = Fixtures.segment(saturated(type, rows, cols, (byte) fill), arena);
                    Weights weights = device.weights(Fixtures.tensor("w", type, cols, rows, w));
                    for (float value : new float[] {1f, -1f}) {
                        int n = 3; // two rows through the two-row kernels, one through the single-row one
                        float[] x = new float[n * cols];
                        Arrays.fill(x, value);
                        float[] fused = new float[n * rows];
                        device.matmul(weights, x, fused, n);
                        Activations a = new Activations();
                        a.convert(scalar.activationFormat(), x, n, cols);
                        float[] expected = new float[n * rows];
                        scalar.multiply(w, rows, cols, a, expected, 0, rows);
                        float[] magnitude = TestMatmulKernels.magnitudes(type, w, rows, cols, x, n);
                        TestMatmulKernels.compare(type + " bytes 0x" + Integer.toHexString(fill) + " x=" + value, expected,
                                fused, magnitude, 2 * (cols / 32 + 16) * 4 * 0x1p-24, 0f);
                        float[] direct = new float[n * rows];
                        Kernels.matmul(type).multiply(w, rows, cols, a, direct, 0, rows);
                        TestMatmulKernels.compare(type + " mapped, bytes 0x" + Integer.toHexString(fill) + " x=" + value, expected,
                                direct, magnitude, 2 * (cols / 32 + 16) * 4 * 0x1p-24, 0f);
                    }
                }
            }
        }
    }

    /** Every byte {@code fill}, then every f16 scale field 1/64 so the sums stay finite. */
    private static byte[] saturated(TensorType type, int rows, int cols, byte fill) {
        ByteBuffer buf = ByteBuffer.allocate((int) type.bytesFor((long) rows * cols)).order(ByteOrder.LITTLE_ENDIAN);
        Arrays.fill(buf.array(), fill);
        int[] scales = switch (type) {
            case Q4_0, Q5_0, Q8_0 -> new int[] {0};
            case Q4_1, Q5_1, Q4_K, Q5_K -> new int[] {0, 2};
            case Q2_K -> new int[] {80, 82};
            case Q3_K -> new int[] {108};
            case Q6_K -> new int[] {208};
            default -> throw new IllegalArgumentException(type.toString());
        };
        for (int b = 0; b < buf.capacity() / type.blockBytes(); b++) {
            for (int off : scales) {
                buf.putShort(b * type.blockBytes() + off, Float.floatToFloat16(1f / 64));
            }
        }
        return buf.array();
    }
}
