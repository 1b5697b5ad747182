package realizar.backend.simd;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jdk.incubator.vector.FloatVector;
import realizar.api.SpiVersion;
import realizar.api.backend.Availability;
import realizar.api.backend.ComputeBackend;
import realizar.api.backend.ComputeDevice;
import realizar.api.backend.DeviceInfo;
import realizar.api.backend.DeviceOptions;

/** The portable CPU backend: runs wherever the JVM runs, with the widest vectors the CPU offers. */
public final class SimdComputeBackend implements ComputeBackend {
    @Override
    public String name() {
        return "simd";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public String description() {
        return "CPU, Vector API (" + FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit vectors)";
    }

    @Override
    public Availability availability() {
        return new Availability(100, FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit vectors, "
                + Runtime.getRuntime().availableProcessors() + " cores");
    }

    @Override
    public List<DeviceInfo> devices() {
        return List.of(cpu(Runtime.getRuntime().availableProcessors()));
    }

    @Override
    public ComputeDevice open(DeviceOptions options) {
        int threads = options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors();
        return new SimdDevice(cpu(threads), threads);
    }

    private static DeviceInfo cpu(int threads) {
        Set<String> caps = new LinkedHashSet<>();
        caps.add("vector" + FloatVector.SPECIES_PREFERRED.vectorBitSize());
        return new DeviceInfo("CPU (" + FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit vectors)", DeviceInfo.Kind.CPU,
                Runtime.getRuntime().maxMemory(), threads, caps);
    }
}
