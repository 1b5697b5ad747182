package realizar.backend.simd;

import static realizar.backend.simd.LegacyQuants.blockwise;

import java.util.EnumMap;
import java.util.Map;

import realizar.api.format.TensorType;

/**
 * Which kernel serves which tensor type. A type missing here is unsupported, and says so. Q8_K has a dequantizer
 * (it is the activation format of the K-quants) but no matmul: ggml has no Q8_K weights either.
 */
final class Kernels {
    private static final Map<TensorType, Dequantizer> DEQUANTIZERS = new EnumMap<>(TensorType.class);
    private static final Map<TensorType, MatmulKernel> MATMULS = new EnumMap<>(TensorType.class);
    private static final Map<TensorType, Repacker> REPACKERS = new EnumMap<>(TensorType.class);

    static {
        DEQUANTIZERS.put(TensorType.F32, FloatDequantizers::f32);
        DEQUANTIZERS.put(TensorType.F16, FloatDequantizers::f16);
        DEQUANTIZERS.put(TensorType.BF16, FloatDequantizers::bf16);
        DEQUANTIZERS.put(TensorType.Q4_0, blockwise(TensorType.Q4_0, LegacyQuants::q4_0));
        DEQUANTIZERS.put(TensorType.Q4_1, blockwise(TensorType.Q4_1, LegacyQuants::q4_1));
        DEQUANTIZERS.put(TensorType.Q5_0, blockwise(TensorType.Q5_0, LegacyQuants::q5_0));
        DEQUANTIZERS.put(TensorType.Q5_1, blockwise(TensorType.Q5_1, LegacyQuants::q5_1));
        DEQUANTIZERS.put(TensorType.Q8_0, blockwise(TensorType.Q8_0, LegacyQuants::q8_0));
        DEQUANTIZERS.put(TensorType.Q2_K, blockwise(TensorType.Q2_K, KQuants::q2_K));
        DEQUANTIZERS.put(TensorType.Q3_K, blockwise(TensorType.Q3_K, KQuants::q3_K));
        DEQUANTIZERS.put(TensorType.Q4_K, blockwise(TensorType.Q4_K, KQuants::q4_K));
        DEQUANTIZERS.put(TensorType.Q5_K, blockwise(TensorType.Q5_K, KQuants::q5_K));
        DEQUANTIZERS.put(TensorType.Q6_K, blockwise(TensorType.Q6_K, KQuants::q6_K));
        DEQUANTIZERS.put(TensorType.Q8_K, blockwise(TensorType.Q8_K, KQuants::q8_K));

        MATMULS.put(TensorType.F32, new F32Kernels());
        if (Simd.available()) {
            MATMULS.put(TensorType.F16, VectorHalfKernels.f16());
            MATMULS.put(TensorType.BF16, VectorHalfKernels.bf16());
            MATMULS.put(TensorType.Q4_0, VectorLegacyKernels.q4_0());
            MATMULS.put(TensorType.Q4_1, VectorLegacyKernels.q4_1());
            MATMULS.put(TensorType.Q5_0, VectorLegacyKernels.q5_0());
            MATMULS.put(TensorType.Q5_1, VectorLegacyKernels.q5_1());
            MATMULS.put(TensorType.Q8_0, VectorLegacyKernels.q8_0());
            MATMULS.put(TensorType.Q2_K, VectorKQuantKernels.q2_K());
            MATMULS.put(TensorType.Q3_K, VectorKQuantKernels.q3_K());
            MATMULS.put(TensorType.Q4_K, VectorKQuantKernels2.q4_K());
            MATMULS.put(TensorType.Q5_K, VectorKQuantKernels2.q5_K());
            MATMULS.put(TensorType.Q6_K, VectorKQuantKernels2.q6_K());
            REPACKERS.put(TensorType.Q6_K, Q6KDense.ENABLED ? new Q6KDense() : new Q6KRepacked());
            REPACKERS.put(TensorType.Q4_0, new Q40Repacked());
            REPACKERS.put(TensorType.Q4_K, new Q4KGrouped());
            REPACKERS.put(TensorType.Q5_K, new Q5KRepacked(Simd.WIDE));
        }
        // Narrower vectors (e.g. 128-bit NEON): the scalar integer kernels, same activations, same results.
        for (TensorType t : DEQUANTIZERS.keySet()) {
            MatmulKernel scalar = ScalarQuantizedKernels.of(t);
            if (scalar != null) {
                MATMULS.putIfAbsent(t, scalar);
            }
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

    /** The load-time repacking for {@code type}, or null where the kernel reads the mapping directly. */
    static Repacker repacker(TensorType type) {
        return REPACKERS.get(type);
    }
}
