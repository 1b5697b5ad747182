package realizar.format.safetensors;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.Tensor;

/** Reads single elements of float tensors (for the few small tensors the folder view derives). */
final class Floats {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Floats() {
    }

    static float get(Tensor t, long i) {
        return switch (t.type()) {
            case F32 -> t.data().getAtIndex(F32, i);
            case F16 -> Float.float16ToFloat(t.data().getAtIndex(U16, i));
            case BF16 -> Float.intBitsToFloat((t.data().getAtIndex(U16, i) & 0xFFFF) << 16);
            default -> throw new RealizarException(ErrorCode.UNSUPPORTED_TENSOR_TYPE,
                    "tensor '" + t.name() + "' is " + t.type() + "; a float type (F32, F16, BF16) is needed here");
        };
    }
}
