package realizar.api.backend;

import java.util.List;

import realizar.api.Provider;

/**
 * A family of compute devices (the CPU through the Vector API, CUDA GPUs, ...), after ggml-backend's
 * registry → device → buffer split. Service provider interface.
 *
 * <p>Threading: the provider is stateless. Lifetime: {@link #open} creates a {@link ComputeDevice} owning threads and
 * memory, which the caller closes.
 */
public interface ComputeBackend extends Provider {
    /** Whether this backend can run here and how much it should be preferred; asked before {@link #devices()}. */
    Availability availability();

    /** The devices this backend sees; empty when unavailable. */
    List<DeviceInfo> devices();

    /** Opens a device. Throws {@code BACKEND_UNAVAILABLE} when {@link #availability()} says it cannot run. */
    ComputeDevice open(DeviceOptions options);
}
