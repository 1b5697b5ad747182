package realizar.runtime.quantize;

import java.util.Arrays;
import java.util.Locale;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.TensorType;

/**
 * The file types {@code llama-quantize} accepts, with llama.cpp's {@code llama_ftype} numbers (written as
 * {@code general.file_type}) and the tensor type most weights get ({@code llama_ftype_get_default_type}).
 */
public enum QuantMix {
    F32(0, TensorType.F32),
    F16(1, TensorType.F16),
    Q4_0(2, TensorType.Q4_0),
    Q4_1(3, TensorType.Q4_1),
    Q8_0(7, TensorType.Q8_0),
    Q5_0(8, TensorType.Q5_0),
    Q5_1(9, TensorType.Q5_1),
    Q2_K(10, TensorType.Q2_K),
    Q3_K_S(11, TensorType.Q3_K),
    Q3_K_M(12, TensorType.Q3_K),
    Q3_K_L(13, TensorType.Q3_K),
    Q4_K_S(14, TensorType.Q4_K),
    Q4_K_M(15, TensorType.Q4_K),
    Q5_K_S(16, TensorType.Q5_K),
    Q5_K_M(17, TensorType.Q5_K),
    Q6_K(18, TensorType.Q6_K),
    BF16(32, TensorType.BF16);

    private final int fileType;
    private final TensorType defaultType;

    QuantMix(int fileType, TensorType defaultType) {
        this.fileType = fileType;
        this.defaultType = defaultType;
    }

    /** {@code general.file_type} (llama.cpp's {@code LLAMA_FTYPE_MOSTLY_*}). */
    public int fileType() {
        return fileType;
    }

    public TensorType defaultType() {
        return defaultType;
    }

    /** Parses a name as llama-quantize spells it ({@code Q4_K_M}, {@code q8_0}); {@code Q4_K} means {@code Q4_K_M}. */
    public static QuantMix parse(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        switch (n) {
            case "Q3_K" -> n = "Q3_K_M";
            case "Q4_K" -> n = "Q4_K_M";
            case "Q5_K" -> n = "Q5_K_M";
            default -> {
            }
        }
        try {
            return valueOf(n);
        } catch (IllegalArgumentException e) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT,
                    "unknown quantization type '" + name + "' (one of " + Arrays.toString(values()) + ")");
        }
    }
}
