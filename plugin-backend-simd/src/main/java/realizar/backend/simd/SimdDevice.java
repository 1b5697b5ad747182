package realizar.backend.simd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.backend.AttentionShape;
import realizar.api.backend.ComputeDevice;
import realizar.api.backend.DeviceInfo;
import realizar.api.backend.KvBuffer;
import realizar.api.backend.Op;
import realizar.api.backend.RangeBody;
import realizar.api.backend.Weights;
import realizar.api.format.Tensor;
import realizar.api.format.TensorType;

/** The CPU as one device: a worker pool and the Vector API kernels. */
final class SimdDevice implements ComputeDevice {
    private final DeviceInfo info;
    private final WorkerPool pool;
    private final Attention attention;
    /** The converted activations of the current matmul call, reused across calls. */
    private final Activations activations = new Activations();
    private final MatmulTask matmulTask = new MatmulTask();
    private final DequantizedPrefill prefill = new DequantizedPrefill();
    /** Whether weight types with a {@link Repacker} are copied into its layout (default); false keeps every matmul on the mapping. */
    private static final boolean REPACK = !"false".equals(System.getProperty("realizar.simd.repack"));
    /**
     * Where a repacked copy lives: an automatic arena per copy, so its native memory is freed once the model that
     * holds the weights is unreachable. One device serves every model a {@code Realizar} loads; a device-lifetime
     * arena would keep the copies of every model ever loaded (hundreds of MB per 1B model) until the device closes.
     */
    private static Arena copyArena() {
        return Arena.ofAuto();
    }

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
            case ATTENTION -> type == TensorType.F32 || type == TensorType.F16 || type == TensorType.Q8_0;
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
        int block = Math.max(tensor.type().blockSize(), kernel.activationFormat().blockSize());
        if (tensor.info().rowLength() % block != 0) {
            throw new RealizarException(ErrorCode.UNSUPPORTED_OPERATION, "tensor '" + tensor.name() + "': row length "
                    + tensor.info().rowLength() + " is not a multiple of " + block + ", which " + tensor.type() + " matmul needs");
        }
        Repacker repacker = REPACK ? Kernels.repacker(tensor.type()) : null;
        if (repacker == null) {
            return new SimdWeights(tensor, kernel, tensor.data());
        }
        MemorySegment copy = copyArena().allocate(repacker.bytes(tensor.info().rowCount(), tensor.info().rowLength()), 64);
        int cols = Math.toIntExact(tensor.info().rowLength());
        pool.run(Math.toIntExact(tensor.info().rowCount()), (from, to) -> repacker.repack(tensor.data(), copy, cols, from, to));
        return new SimdWeights(tensor, repacker.kernel(), copy);
    }

    @Override
    public Weights batchWeights(Tensor tensor) {
        // float32 for many-row products: a copy in panels of 32 rows (F32Panels), freed with the weights.
        return REPACK && F32Panels.supports(tensor) ? F32Panels.weights(tensor, pool, copyArena()) : weights(tensor);
    }

    @Override
    public void matmul(Weights w, float[] x, float[] y, int n) {
        SimdWeights sw = (SimdWeights) w;
        int rows = w.rows();
        int cols = w.cols();
        if (x.length < (long) n * cols || y.length < (long) n * rows) {
            throw new IllegalArgumentException("matmul " + w.info().name() + ": x or y too small for " + n + " rows");
        }
        // batchWeights' float32 panels run their own GEMM kernel at every n (the dequantized tiles would bypass them).
        if (!(sw.kernel() instanceof F32Panels) && DequantizedPrefill.serves(sw.tensor().type(), n)) {
            prefill.matmul(pool, sw, x, y, n);
            return;
        }
        // Activations are converted once (quantized for quantized weights, as ggml does), then every thread streams
        // its own slice of the weight rows once for all n activation rows.
        activations.convert(sw.kernel().activationFormat(), x, n, cols);
        matmulTask.set(sw, activations, y);
        try {
            pool.run(rows, matmulTask);
        } finally {
            matmulTask.set(null, null, null);
        }
    }

    @Override
    public void parallel(int n, RangeBody body) {
        pool.run(n, body::run);
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
    public void attention(AttentionShape shape, float[] q, KvBuffer kCache, KvBuffer vCache, float[] out, int pos0, int n) {
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

    /** The parallel loop body of {@link #matmul}, one reused instance so a call allocates nothing. */
    private static final class MatmulTask implements WorkerPool.RangeTask {
        private SimdWeights weights;
        private Activations activations;
        private float[] y;

        void set(SimdWeights weights, Activations activations, float[] y) {
            this.weights = weights;
            this.activations = activations;
            this.y = y;
        }

        @Override
        public void run(int from, int to) {
            weights.kernel().multiply(weights.data(), weights.rows(), weights.cols(), activations, y, from, to);
        }
    }
}
