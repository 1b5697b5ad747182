package realizar.runtime.quantize;

import realizar.api.format.TensorType;

/** F32, F16 (round to nearest even, as F16C does) and BF16 ({@code ggml_fp32_to_bf16_row_ref}) element encodings. */
final class FloatQuantizer implements BlockQuantizer {
    private final TensorType type;

    FloatQuantizer(TensorType type) {
        if (type != TensorType.F32 && type != TensorType.F16 && type != TensorType.BF16) {
            throw new IllegalArgumentException("not a float type: " + type);
        }
        this.type = type;
    }

    @Override
    public TensorType type() {
        return type;
    }

    @Override
    public void quantize(float[] src, int srcOffset, int count, byte[] dst, int dstOffset) {
        switch (type) {
            case F32 -> {
                for (int i = 0; i < count; i++) {
                    LittleEndian.putFloat(dst, dstOffset + 4 * i, src[srcOffset + i]);
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    LittleEndian.putShort(dst, dstOffset + 2 * i, Float.floatToFloat16(src[srcOffset + i]));
                }
            }
            default -> {
                for (int i = 0; i < count; i++) {
                    LittleEndian.putShort(dst, dstOffset + 2 * i, LittleEndian.toBf16(src[srcOffset + i]));
                }
            }
        }
    }
}
