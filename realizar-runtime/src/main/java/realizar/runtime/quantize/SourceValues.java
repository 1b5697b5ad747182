package realizar.runtime.quantize;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.function.Supplier;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.backend.ComputeDevice;
import realizar.api.backend.Op;
import realizar.api.format.Tensor;

/** Reads a source tensor's rows as float32: F32/F16/BF16 decoded here, any other type through the compute device. */
final class SourceValues {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private SourceValues() {
    }

    static TensorValues of(Tensor tensor, Supplier<ComputeDevice> device) {
        long rowLength = tensor.info().rowLength();
        MemorySegment data = tensor.data();
        return switch (tensor.type()) {
            case F32 -> (firstRow, rows, out) ->
                    MemorySegment.copy(data, F32, firstRow * rowLength * 4, out, 0, Math.toIntExact(rows * rowLength));
            case F16 -> (firstRow, rows, out) -> {
                long base = firstRow * rowLength * 2;
                for (int i = 0; i < rows * rowLength; i++) {
                    out[i] = Float.float16ToFloat(data.get(I16, base + 2L * i));
                }
            };
            case BF16 -> (firstRow, rows, out) -> {
                long base = firstRow * rowLength * 2;
                for (int i = 0; i < rows * rowLength; i++) {
                    out[i] = Float.intBitsToFloat(data.get(I16, base + 2L * i) << 16);
                }
            };
            default -> dequantized(tensor, rowLength, device);
        };
    }

    private static TensorValues dequantized(Tensor tensor, long rowLength, Supplier<ComputeDevice> devices) {
        return (firstRow, rows, out) -> {
            ComputeDevice device = devices.get();
            // A device runs one operation at a time: callers serialise (ComputeDevice's contract).
            synchronized (device) {
                if (!device.supports(Op.DEQUANTIZE, tensor.type())) {
                    throw new RealizarException(ErrorCode.UNSUPPORTED_TENSOR_TYPE,
                            "cannot read tensor '" + tensor.name() + "': the compute backend cannot dequantize " + tensor.type());
                }
                device.dequantize(tensor, firstRow * rowLength, out, 0, Math.toIntExact(rows * rowLength));
            }
        };
    }
}
