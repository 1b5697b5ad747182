package realizar.backend.simd;

import java.lang.foreign.MemorySegment;

import realizar.api.backend.Weights;
import realizar.api.format.Tensor;
import realizar.api.format.TensorInfo;

/**
 * Weights on the CPU: {@code data} is the file mapping itself ({@code tensor.data()}) or the device's repacked copy of
 * it ({@link Repacker}), and {@code kernel} the kernel that reads that layout.
 */
record SimdWeights(Tensor tensor, MatmulKernel kernel, MemorySegment data) implements Weights {
    @Override
    public TensorInfo info() {
        return tensor.info();
    }
}
