/**
 * The CPU backend: Vector API kernels over the model file's mapping, parallel over a worker pool. The only module that
 * touches {@code jdk.incubator.vector}. Provides a {@link realizar.api.backend.ComputeBackend}; exports nothing.
 */
module realizar.backend.simd {
    requires realizar.api;
    requires jdk.incubator.vector;
    provides realizar.api.backend.ComputeBackend with realizar.backend.simd.SimdComputeBackend;
}
