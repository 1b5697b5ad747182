package realizar.backend.simd.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Feasibility probe: C2-auto-vectorized int16 pair-multiply-add ({@link BenchmarkVnniKernels}) against the F32 FMA
 * tile, single thread, in L1, best of N batches, kernels interleaved batch by batch (robust to other processes).
 * Counts 2 operations per multiply-add for both. Each kernel's result is checked once against a scalar long
 * reference. Run from the repository root after {@code mvn -q -o -pl plugin-backend-simd -am test-compile}:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp plugin-backend-simd/target/test-classes \
 *      realizar.backend.simd.bench.BenchmarkVnniProbe [k, default 512] [batches, default 2000] [kernels, default all]
 * </pre>
 * Add {@code -XX:UseAVX=2} (no VNNI: vpmaddwd + vpaddd) or {@code -XX:MaxVectorSize=32} (256-bit vectors) to compare;
 * {@code -XX:CompileCommand=print,realizar.backend.simd.bench.BenchmarkVnniKernels::tile4x4} dumps the code bytes
 * (without hsdis as hex: decode them with objdump). (System.out: a command-line tool.)
 */
public final class BenchmarkVnniProbe {
    private static final int PAIRS = 1024;
    /** Not final: the memory-accumulator tiles must not see a constant trip count (C2 would unroll them fully). */
    private static int chunk = BenchmarkVnniKernels.CHUNK;

    private interface Batch {
        long run(int reps);
    }

    private record Kernel(String name, long macs, Batch batch, long check, long expected) {
    }

    private BenchmarkVnniProbe() {
    }

    public static void main(String[] args) {
        int k = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        String only = args.length > 2 ? args[2] : "";
        SplittableRandom random = new SplittableRandom(7);
        // Values of int8 quants widened to int16 (|q| ≤ 127): pair sums stay far from int32 overflow.
        short[] w = shorts(random, 4 * k);
        short[] x = shorts(random, 4 * k);
        float[] wf = floats(w);
        float[] xf = floats(x);
        short[] a = shorts(random, 2 * PAIRS);
        short[] b = shorts(random, 2 * PAIRS);
        byte[] ab = bytes(a);
        byte[] bb = bytes(b);
        int[] acc = new int[PAIRS];
        int[] tileOut = new int[16];
        float[] floatOut = new float[16];
        Arena arena = Arena.ofAuto();
        MemorySegment as = segment(arena, a);
        MemorySegment bs = segment(arena, b);
        MemorySegment ws = segment(arena, w);
        MemorySegment xs = segment(arena, x);

        List<Kernel> all = new ArrayList<>();
        all.add(new Kernel("f32Tile4x4 (Vector API, 256-bit FMA)", 16L * k, reps -> {
            float s = 0;
            for (int r = 0; r < reps; r++) {
                BenchmarkVnniKernels.f32Tile4x4(wf, xf, k, floatOut);
                s += floatOut[5];
            }
            return (long) s;
        }, 0, 0));
        all.add(new Kernel("(a) mulAddInto int[] accumulators", 2L * PAIRS, reps -> {
            for (int r = 0; r < reps; r++) {
                BenchmarkVnniKernels.mulAddInto(a, b, acc, PAIRS);
            }
            return acc[PAIRS - 1];
        }, 0, 0));
        all.add(new Kernel("(b) dot, scalar int reduction", 2L * PAIRS, reps -> {
            long s = 0;
            for (int r = 0; r < reps; r++) {
                s += BenchmarkVnniKernels.dot(a, b, PAIRS);
            }
            return s;
        }, BenchmarkVnniKernels.dot(a, b, PAIRS), dotReference(a, 0, b, 0, 2 * PAIRS)));
        all.add(new Kernel("(b') dotPlain s += a[i]*b[i]", 2L * PAIRS, reps -> {
            long s = 0;
            for (int r = 0; r < reps; r++) {
                s += BenchmarkVnniKernels.dotPlain(a, b, 2 * PAIRS);
            }
            return s;
        }, BenchmarkVnniKernels.dotPlain(a, b, 2 * PAIRS), dotReference(a, 0, b, 0, 2 * PAIRS)));
        all.add(new Kernel("(b'') dotBytes, byte[] in the pair idiom", 2L * PAIRS, reps -> {
            long s = 0;
            for (int r = 0; r < reps; r++) {
                s += BenchmarkVnniKernels.dotBytes(ab, bb, PAIRS);
            }
            return s;
        }, BenchmarkVnniKernels.dotBytes(ab, bb, PAIRS), dotReference(a, 0, b, 0, 2 * PAIRS)));
        int[] ai = ints(a);
        int[] bi = ints(b);
        all.add(new Kernel("(b-int) dotInt over int[]", 2L * PAIRS, reps -> {
            long s = 0;
            for (int r = 0; r < reps; r++) {
                s += BenchmarkVnniKernels.dotInt(ai, bi, 2 * PAIRS);
            }
            return s;
        }, BenchmarkVnniKernels.dotInt(ai, bi, 2 * PAIRS), dotReference(a, 0, b, 0, 2 * PAIRS)));
        all.add(new Kernel("(c) tile2x2 int16", 4L * k, reps -> {
            long s = 0;
            for (int r = 0; r < reps; r++) {
                BenchmarkVnniKernels.tile2x2(w, x, k, tileOut);
                s += tileOut[3];
            }
            return s;
        }, tileChecksum(() -> BenchmarkVnniKernels.tile2x2(w, x, k, tileOut), tileOut, 4),
                tileReference(w, x, k, 2)));
        all.add(new Kernel("(c) tile4x4 int16", 16L * k, reps -> {
            long s = 0;
            for (int r = 0; r < reps; r++) {
                BenchmarkVnniKernels.tile4x4(w, x, k, tileOut);
                s += tileOut[15];
            }
            return s;
        }, tileChecksum(() -> BenchmarkVnniKernels.tile4x4(w, x, k, tileOut), tileOut, 16),
                tileReference(w, x, k, 4)));
        int[] memoryAcc = new int[16 * BenchmarkVnniKernels.CHUNK];
        all.add(new Kernel("(c2) tile2x2Memory int16", 4L * k, reps -> {
            long s = 0;
            for (int r = 0; r < reps; r++) {
                BenchmarkVnniKernels.tile2x2Memory(w, x, k, chunk, memoryAcc, tileOut);
                s += tileOut[3];
            }
            return s;
        }, tileChecksum(() -> BenchmarkVnniKernels.tile2x2Memory(w, x, k, chunk, memoryAcc, tileOut), tileOut, 4),
                tileReference(w, x, k, 2)));
        all.add(new Kernel("(c2) tile4x4Memory int16", 16L * k, reps -> {
            long s = 0;
            for (int r = 0; r < reps; r++) {
                BenchmarkVnniKernels.tile4x4Memory(w, x, k, chunk, memoryAcc, tileOut);
                s += tileOut[15];
            }
            return s;
        }, tileChecksum(() -> BenchmarkVnniKernels.tile4x4Memory(w, x, k, chunk, memoryAcc, tileOut), tileOut, 16),
                tileReference(w, x, k, 4)));
        short[] w0 = java.util.Arrays.copyOfRange(w, 0, k);
        short[] w1 = java.util.Arrays.copyOfRange(w, k, 2 * k);
        short[] x0 = java.util.Arrays.copyOfRange(x, 0, k);
        short[] x1 = java.util.Arrays.copyOfRange(x, k, 2 * k);
        int[][] o = new int[4][k / 2];
        all.add(new Kernel("(c3) tile2x2Arrays int16 (K loop only)", 4L * k, reps -> {
            for (int r = 0; r < reps; r++) {
                BenchmarkVnniKernels.tile2x2Arrays(w0, w1, x0, x1, o[0], o[1], o[2], o[3], k / 2);
            }
            return o[3][0];
        }, 0, 0));
        all.add(new Kernel("(d) dotSegment (native)", 2L * PAIRS, reps -> {
            long s = 0;
            for (int r = 0; r < reps; r++) {
                s += BenchmarkVnniKernels.dotSegment(as, bs, PAIRS);
            }
            return s;
        }, BenchmarkVnniKernels.dotSegment(as, bs, PAIRS), dotReference(a, 0, b, 0, 2 * PAIRS)));
        all.add(new Kernel("(d) mulAddIntoSegment (native in, int[])", 2L * PAIRS, reps -> {
            for (int r = 0; r < reps; r++) {
                BenchmarkVnniKernels.mulAddIntoSegment(as, bs, acc, PAIRS);
            }
            return acc[PAIRS - 1];
        }, 0, 0));
        MemorySegment accs = arena.allocate(4L * PAIRS, 64);
        all.add(new Kernel("(d) mulAddIntoSegments (all native)", 2L * PAIRS, reps -> {
            for (int r = 0; r < reps; r++) {
                BenchmarkVnniKernels.mulAddIntoSegments(as, bs, accs, PAIRS);
            }
            return accs.get(ValueLayout.JAVA_INT, 0);
        }, 0, 0));
        all.add(new Kernel("(d) tile2x2Segment (native)", 4L * k, reps -> {
            long s = 0;
            for (int r = 0; r < reps; r++) {
                BenchmarkVnniKernels.tile2x2Segment(ws, xs, k, tileOut);
                s += tileOut[3];
            }
            return s;
        }, tileChecksum(() -> BenchmarkVnniKernels.tile2x2Segment(ws, xs, k, tileOut), tileOut, 4),
                tileReference(w, x, k, 2)));

        List<Kernel> kernels = all.stream().filter(kr -> only.isEmpty() || matches(kr.name(), only)).toList();
        int[] reps = new int[kernels.size()];
        long[] best = new long[kernels.size()];
        for (int i = 0; i < kernels.size(); i++) {
            reps[i] = (int) Math.max(1, (1L << 21) / kernels.get(i).macs());
            best[i] = Long.MAX_VALUE;
            for (int warm = 0; warm < 200; warm++) {
                kernels.get(i).batch().run(reps[i]);
            }
        }
        long sink = 0;
        for (int n = 0; n < batches; n++) {
            for (int i = 0; i < kernels.size(); i++) {
                long t0 = System.nanoTime();
                sink += kernels.get(i).batch().run(reps[i]);
                best[i] = Math.min(best[i], System.nanoTime() - t0);
            }
        }
        double f32 = Double.NaN;
        System.out.printf(Locale.ROOT, "k = %d, pairs = %d, best of %d batches (sink %d)%n", k, PAIRS, batches, sink);
        for (int i = 0; i < kernels.size(); i++) {
            Kernel kr = kernels.get(i);
            double ns = (double) best[i] / reps[i];
            double gops = 2.0 * kr.macs() / ns;
            if (i == 0 && kr.name().startsWith("f32")) {
                f32 = gops;
            }
            String ok = kr.check() == kr.expected() ? "exact" : "WRONG " + kr.check() + " != " + kr.expected();
            System.out.printf(Locale.ROOT, "%-44s %9.1f ns/call %7.1f GOP/s  %5.2fx f32  %s%n",
                    kr.name(), ns, gops, gops / f32, ok);
        }
    }

    private static boolean matches(String name, String only) {
        for (String s : only.split(",")) {
            if (name.contains(s)) {
                return true;
            }
        }
        return false;
    }

    private static long tileChecksum(Runnable kernel, int[] out, int count) {
        kernel.run();
        long s = 0;
        for (int i = 0; i < count; i++) {
            s = s * 31 + out[i];
        }
        return s;
    }

    private static long tileReference(short[] w, short[] x, int k, int side) {
        long s = 0;
        for (int r = 0; r < side; r++) {
            for (int t = 0; t < side; t++) {
                s = s * 31 + (int) dotReference(w, r * k, x, t * k, k);
            }
        }
        return s;
    }

    private static long dotReference(short[] a, int ao, short[] b, int bo, int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += (long) a[ao + i] * b[bo + i];
        }
        return s;
    }

    private static short[] shorts(SplittableRandom random, int n) {
        short[] v = new short[n];
        for (int i = 0; i < n; i++) {
            v[i] = (short) random.nextInt(-127, 128);
        }
        return v;
    }

    private static float[] floats(short[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = v[i];
        }
        return f;
    }

    private static int[] ints(short[] v) {
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[i];
        }
        return r;
    }

    private static byte[] bytes(short[] v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static MemorySegment segment(Arena arena, short[] v) {
        MemorySegment s = arena.allocate(2L * v.length, 64);
        MemorySegment.copy(v, 0, s, ValueLayout.JAVA_SHORT, 0, v.length);
        return s;
    }
}
