package realizar.backend.simd;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.backend.AttentionShape;
import realizar.api.backend.ComputeDevice;
import realizar.api.backend.DeviceInfo;
import realizar.api.backend.Op;
import realizar.api.backend.Weights;
import realizar.api.format.Tensor;
import realizar.api.format.TensorType;

/** The CPU as one device: a worker pool and the Vector API kernels. */
final class SimdDevice implements ComputeDevice {
    private final DeviceInfo info;
    private final WorkerPool pool;
    private final Attention attention;

    SimdDevice(DeviceInfo info, int threads) {
        this.info = info;
        this.pool = new WorkerPool(threads);
        this.attention = new Attention(pool);
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    public boolean supports(Op op, TensorType type) {
        return switch (op) {
            case MATMUL -> Kernels.matmul(type) != null;
            case DEQUANTIZE -> Kernels.dequantizer(type) != null;
            case ATTENTION -> type == TensorType.F32;
        };
    }

    @Override
    public Weights weights(Tensor tensor) {
        MatmulKernel kernel = Kernels.matmul(tensor.type());
        if (kernel == null) {
            throw unsupported(tensor, "matrix multiplication");
        }
        if (tensor.info().rank() > 2 && tensor.info().dim(2) != 1) {
            throw new RealizarException(ErrorCode.UNSUPPORTED_OPERATION, "tensor '" + tensor.name() + "' is not a matrix: " + tensor.info());
        }
        return new SimdWeights(tensor, kernel);
    }

    @Override
    public void matmul(Weights w, float[] x, float[] y, int n) {
        SimdWeights sw = (SimdWeights) w;
        int rows = w.rows();
        int cols = w.cols();
        if (x.length < (long) n * cols || y.length < (long) n * rows) {
            throw new IllegalArgumentException("matmul " + w.info().name() + ": x or y too small for " + n + " rows");
        }
        // Split over output rows: every thread streams its own slice of the weights once for all n activations.
        pool.run(rows, (from, to) -> sw.kernel().multiply(sw.tensor().data(), rows, cols, x, y, n, from, to));
    }

    @Override
    public void dequantize(Tensor tensor, long first, float[] out, int outOffset, int count) {
        Dequantizer d = Kernels.dequantizer(tensor.type());
        if (d == null) {
            throw unsupported(tensor, "dequantization");
        }
        int block = tensor.type().blockSize();
        if (first % block != 0 || count % block != 0) {
            throw new IllegalArgumentException(tensor.name() + ": range must be whole " + tensor.type() + " blocks of " + block);
        }
        if (first < 0 || first + count > tensor.info().elementCount()) {
            throw new IndexOutOfBoundsException(tensor.name() + ": elements [" + first + ", " + (first + count) + ") of " + tensor.info().elementCount());
        }
        d.dequantize(tensor.data(), first, out, outOffset, count);
    }

    @Override
    public void attention(AttentionShape shape, float[] q, float[] kCache, float[] vCache, float[] out, int pos0, int n) {
        attention.run(shape, q, kCache, vCache, out, pos0, n);
    }

    @Override
    public void close() {
        pool.close();
    }

    private static RealizarException unsupported(Tensor tensor, String what) {
        return new RealizarException(ErrorCode.UNSUPPORTED_TENSOR_TYPE,
                "the simd backend has no " + what + " kernel for " + tensor.type() + " (tensor '" + tensor.name() + "')");
    }
}
