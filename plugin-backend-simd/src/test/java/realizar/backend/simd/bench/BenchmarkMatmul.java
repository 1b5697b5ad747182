package realizar.backend.simd.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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

import realizar.api.backend.ComputeDevice;
import realizar.api.backend.DeviceOptions;
import realizar.api.backend.Weights;
import realizar.api.format.Tensor;
import realizar.api.format.TensorInfo;
import realizar.api.format.TensorType;
import realizar.backend.simd.SimdComputeBackend;

/**
 * One matmul through the public device API: a {@code rows × cols} weight matrix of {@code type} times {@code n}
 * activation rows (n = 1 is decode, n &gt; 1 prefill). Decode walks round-robin over enough copies of the matrix to
 * exceed 256 MB, so the weights come from DRAM as in a real model, not from the last-level cache.
 * {@link BenchmarkMain} turns the times into GB/s of weights and GFLOP/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BenchmarkMatmul {
    static final long STREAM_BYTES = 256L << 20;

    @Param({"Q4_0", "Q8_0", "Q4_K", "Q6_K"})
    public String type;

    @Param({"1"})
    public int n;

    @Param({"4096"})
    public int rows;

    @Param({"4096"})
    public int cols;

    @Param({"0"})
    public int threads;

    private Arena arena;
    private ComputeDevice device;
    private final List<Weights> copies = new ArrayList<>();
    private float[] x;
    private float[] y;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        TensorType t = TensorType.valueOf(type);
        long bytes = t.bytesFor((long) rows * cols);
        int count = n == 1 ? (int) Math.max(1, (STREAM_BYTES + bytes - 1) / bytes) : 1;
        arena = Arena.ofShared();
        device = new SimdComputeBackend().open(new DeviceOptions(threads, 0));
        SplittableRandom rng = new SplittableRandom(42);
        for (int i = 0; i < count; i++) {
            MemorySegment data = arena.allocate(bytes, 64);
            BenchmarkWeights.fill(t, data, rng);
            copies.add(device.weights(new Tensor(new TensorInfo("w" + i, t, new long[] {cols, rows}, 0, bytes), data)));
        }
        x = new float[n * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble(-1, 1);
        }
        y = new float[n * rows];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        device.close();
        arena.close();
    }

    @Benchmark
    public float matmul() {
        Weights w = copies.get(next);
        next = next + 1 == copies.size() ? 0 : next + 1;
        device.matmul(w, x, y, n);
        return y[0];
    }

    /** Bytes of one weight matrix. */
    static long weightBytes(String type, int rows, int cols) {
        return TensorType.valueOf(type).bytesFor((long) rows * cols);
    }

    /** Sets every byte of {@code data} at random, then every scale field to a small finite half. */
    static final class BenchmarkWeights {
        private BenchmarkWeights() {
        }

        static void fill(TensorType t, MemorySegment data, SplittableRandom rng) {
            for (long i = 0; i + 8 <= data.byteSize(); i += 8) {
                data.set(ValueLayout.JAVA_LONG_UNALIGNED, i, rng.nextLong());
            }
            int[] scales = switch (t) {
                case Q4_0, Q5_0, Q8_0 -> new int[] {0};
                case Q4_1, Q5_1, Q4_K, Q5_K -> new int[] {0, 2};
                case Q2_K -> new int[] {80, 82};
                case Q3_K -> new int[] {108};
                case Q6_K -> new int[] {208};
                case F16, BF16 -> new int[] {0};
                default -> new int[0];
            };
            long step = t == TensorType.F16 || t == TensorType.BF16 ? 2 : t.blockBytes();
            if (t == TensorType.F32) {
                for (long i = 0; i < data.byteSize(); i += 4) {
                    data.set(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) rng.nextDouble(-0.1, 0.1));
                }
                return;
            }
            for (long b = 0; b < data.byteSize(); b += step) {
                for (int off : scales) {
                    short h = Float.floatToFloat16((float) rng.nextDouble(-0.02, 0.02));
                    data.set(ValueLayout.JAVA_SHORT_UNALIGNED, b + off, t == TensorType.BF16
                            ? (short) (Float.floatToRawIntBits(Float.float16ToFloat(h)) >>> 16) : h);
                }
            }
        }
    }
}
