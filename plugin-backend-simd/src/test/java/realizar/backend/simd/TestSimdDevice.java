package realizar.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.backend.ComputeDevice;
import realizar.api.backend.DeviceOptions;
import realizar.api.backend.Op;
import realizar.api.format.TensorType;

/** What the device promises around the kernels: support answers, refusals, Q8_K decoding. */
final class TestSimdDevice {
    @Test
    void everyQuantTypeOfTheIssueIsSupportedForMatmulAndDequantize() {
        try (ComputeDevice device = new SimdComputeBackend().open(DeviceOptions.defaults())) {
            for (TensorType t : TestMatmulKernels.TYPES) {
                assertTrue(device.supports(Op.MATMUL, t), t + " matmul");
                assertTrue(device.supports(Op.DEQUANTIZE, t), t + " dequantize");
            }
            assertTrue(device.supports(Op.DEQUANTIZE, TensorType.Q8_K));
            assertFalse(device.supports(Op.MATMUL, TensorType.IQ2_XXS));
        }
    }

    @Test
    void aRowLengthThatIsNotAWholeNumberOfActivationBlocksIsRefused() {
        // Quantized weights need rows of whole blocks (of the activation format too); F16 rows of 48 need nothing.
        try (Arena arena = Arena.ofConfined(); ComputeDevice device = new SimdComputeBackend().open(new DeviceOptions(1, 0))) {
            MemorySegment q4k = arena.allocate(TensorType.Q4_K.bytesFor(256));
            // 256 elements as 2 rows of 128: Q4_K blocks span 256, so rows of 128 cannot exist.
            RealizarException e = assertThrows(RealizarException.class, () -> device.weights(new realizar.api.format.Tensor(
                    new realizar.api.format.TensorInfo("w", TensorType.Q4_K, new long[] {128, 2}, 0, q4k.byteSize()), q4k)));
            assertEquals(ErrorCode.UNSUPPORTED_OPERATION, e.code());
            MemorySegment f16 = arena.allocate(2 * 48 * 2);
            device.weights(Fixtures.tensor("f", TensorType.F16, 48, 2, f16));
        }
    }

    @Test
    void q8KBlocksDecodeToScaleTimesQuant() {
        ByteBuffer b = ByteBuffer.allocate(292).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat(0, -0.5f);
        for (int j = 0; j < 256; j++) {
            b.put(4 + j, (byte) (j - 128));
        }
        float[] out = new float[256];
        try (Arena arena = Arena.ofConfined()) {
            Kernels.dequantizer(TensorType.Q8_K).dequantize(Fixtures.segment(b.array(), arena), 0, out, 0, 256);
        }
        for (int j = 0; j < 256; j++) {
            assertEquals(Float.floatToRawIntBits(-0.5f * (j - 128)), Float.floatToRawIntBits(out[j]), "element " + j);
        }
    }
}
