/**
 * NVIDIA GPUs through CUDA. An empty shell for now: the issue that builds it adds its {@code provides} clause. Until then it provides
 * nothing, so the runtime never offers a capability that does not exist.
 */
module realizar.backend.cuda {
    requires realizar.api;
}
