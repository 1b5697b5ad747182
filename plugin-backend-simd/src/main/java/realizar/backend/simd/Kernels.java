package realizar.backend.simd;

import java.util.EnumMap;
import java.util.Map;

import realizar.api.format.TensorType;

/** Which kernel serves which tensor type. A type missing here is unsupported, and says so. */
final class Kernels {
    private static final Map<TensorType, Dequantizer> DEQUANTIZERS = new EnumMap<>(TensorType.class);
    private static final Map<TensorType, MatmulKernel> MATMULS = new EnumMap<>(TensorType.class);

    static {
        DEQUANTIZERS.put(TensorType.F32, FloatDequantizers::f32);
        DEQUANTIZERS.put(TensorType.F16, FloatDequantizers::f16);
        DEQUANTIZERS.put(TensorType.BF16, FloatDequantizers::bf16);

        MATMULS.put(TensorType.F32, new F32Kernels());
        for (TensorType t : DEQUANTIZERS.keySet()) {
            MATMULS.putIfAbsent(t, new DequantizeThenDotKernel(DEQUANTIZERS.get(t)));
        }
    }

    private Kernels() {
    }

    static Dequantizer dequantizer(TensorType type) {
        return DEQUANTIZERS.get(type);
    }

    static MatmulKernel matmul(TensorType type) {
        return MATMULS.get(type);
    }
}
