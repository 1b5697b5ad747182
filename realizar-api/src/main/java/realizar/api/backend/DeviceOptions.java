package realizar.api.backend;

/**
 * How to open a device.
 *
 * @param threads     worker threads for CPU devices; 0 means one per core
 * @param deviceIndex which device of the backend ({@link ComputeBackend#devices()} index)
 */
public record DeviceOptions(int threads, int deviceIndex) {
    public DeviceOptions {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
    }

    public static DeviceOptions defaults() {
        return new DeviceOptions(0, 0);
    }
}
