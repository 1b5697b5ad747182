package realizar.backend.simd;

import realizar.api.backend.Weights;
import realizar.api.format.Tensor;
import realizar.api.format.TensorInfo;

/** Weights on the CPU are the file mapping itself, plus the kernel chosen for their type. */
record SimdWeights(Tensor tensor, MatmulKernel kernel) implements Weights {
    @Override
    public TensorInfo info() {
        return tensor.info();
    }
}
