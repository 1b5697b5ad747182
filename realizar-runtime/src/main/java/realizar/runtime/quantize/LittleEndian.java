package realizar.runtime.quantize;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian stores into byte arrays, and ggml's half-precision conversions. */
final class LittleEndian {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }

    static void putShort(byte[] b, int off, short v) {
        SHORT.set(b, off, v);
    }

    static void putFloat(byte[] b, int off, float v) {
        FLOAT.set(b, off, v);
    }

    /** GGML_FP32_TO_FP16 (F16C {@code vcvtps2ph}, round to nearest even) stored at {@code off}; returns the value stored. */
    static float putHalf(byte[] b, int off, float v) {
        short h = Float.floatToFloat16(v);
        SHORT.set(b, off, h);
        return Float.float16ToFloat(h);
    }

    /** ggml_compute_fp32_to_bf16: round to nearest even, NaN kept quiet. */
    static short toBf16(float v) {
        int u = Float.floatToRawIntBits(v);
        if ((u & 0x7fffffff) > 0x7f800000) {
            return (short) ((u >>> 16) | 64);
        }
        return (short) ((u + (0x7fff + ((u >>> 16) & 1))) >>> 16);
    }
}
