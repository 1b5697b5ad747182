package realizar.api.backend;

import java.util.Set;

/**
 * What a device reports about itself.
 *
 * @param name         human-readable name ("CPU (AVX2, 256-bit)", "NVIDIA H100")
 * @param kind         CPU or GPU
 * @param memoryBytes  memory the device can use for weights and caches
 * @param threads      worker threads (CPU) or streaming multiprocessors (GPU)
 * @param capabilities free-form capability tags ({@code avx2}, {@code f16c}, {@code sm_90})
 */
public record DeviceInfo(String name, Kind kind, long memoryBytes, int threads, Set<String> capabilities) {
    public enum Kind { CPU, GPU }

    public DeviceInfo {
        capabilities = Set.copyOf(capabilities);
    }
}
