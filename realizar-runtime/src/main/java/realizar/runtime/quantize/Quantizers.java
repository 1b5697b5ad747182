package realizar.runtime.quantize;

import java.util.EnumSet;
import java.util.Set;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.TensorType;

/** The reference quantizer for each tensor type realizar can write. */
public final class Quantizers {
    private static final Set<TensorType> SUPPORTED = EnumSet.of(TensorType.F32, TensorType.F16, TensorType.BF16,
            TensorType.Q4_0, TensorType.Q4_1, TensorType.Q5_0, TensorType.Q5_1, TensorType.Q8_0,
            TensorType.Q2_K, TensorType.Q3_K, TensorType.Q4_K, TensorType.Q5_K, TensorType.Q6_K);

    private Quantizers() {
    }

    public static boolean supports(TensorType type) {
        return SUPPORTED.contains(type);
    }

    /** A quantizer for {@code type}; throws {@code UNSUPPORTED_TENSOR_TYPE} for the types realizar cannot encode. */
    public static BlockQuantizer of(TensorType type) {
        return switch (type) {
            case F32, F16, BF16 -> new FloatQuantizer(type);
            case Q4_0 -> new Q4_0Quantizer();
            case Q4_1 -> new Q4_1Quantizer();
            case Q5_0 -> new Q5_0Quantizer();
            case Q5_1 -> new Q5_1Quantizer();
            case Q8_0 -> new Q8_0Quantizer();
            case Q2_K -> new Q2_KQuantizer();
            case Q3_K -> new Q3_KQuantizer();
            case Q4_K, Q5_K -> new Q4_5_KQuantizer(type);
            case Q6_K -> new Q6_KQuantizer();
            default -> throw new RealizarException(ErrorCode.UNSUPPORTED_TENSOR_TYPE,
                    "cannot quantize to " + type + " (supported: " + SUPPORTED + ")");
        };
    }
}
