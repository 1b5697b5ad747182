package realizar.backend.simd.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's read bandwidth as a kernel sees it: a vector sum over a 256 MB off-heap array, split over
 * {@code threads} long-lived platform threads (all cores when 0), the bound a decode matmul can at best reach.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BenchmarkMemoryBandwidth {
    static final long BYTES = 256L << 20;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    @Param({"0"})
    public int threads;

    private Arena arena;
    private MemorySegment data;
    private ExecutorService helpers;
    private int parts;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        data = arena.allocate(BYTES, 64);
        for (long i = 0; i < BYTES; i += 4) {
            data.set(ValueLayout.JAVA_FLOAT, i, 1f);
        }
        parts = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        helpers = Executors.newFixedThreadPool(Math.max(1, parts - 1));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        helpers.shutdownNow();
        arena.close();
    }

    @Benchmark
    public double sum() throws Exception {
        long chunk = BYTES / parts;
        List<Future<Float>> others = new ArrayList<>(parts - 1);
        for (int i = 1; i < parts; i++) {
            long from = i * chunk;
            others.add(helpers.submit(() -> sum(data, from, from + chunk)));
        }
        double total = sum(data, 0, chunk);
        for (Future<Float> f : others) {
            total += f.get();
        }
        return total;
    }

    private static float sum(MemorySegment m, long from, long to) {
        long step = F.vectorByteSize();
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        for (long i = from; i < to; i += 2 * step) {
            a0 = a0.add(FloatVector.fromMemorySegment(F, m, i, ByteOrder.nativeOrder()));
            a1 = a1.add(FloatVector.fromMemorySegment(F, m, i + step, ByteOrder.nativeOrder()));
        }
        return a0.add(a1).reduceLanes(VectorOperators.ADD);
    }
}
