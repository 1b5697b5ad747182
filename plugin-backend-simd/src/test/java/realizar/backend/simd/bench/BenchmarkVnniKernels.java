package realizar.backend.simd.bench;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Loop shapes for {@link BenchmarkVnniProbe}: can HotSpot C2's auto-vectorizer (SuperWord) give us x86's int16
 * pair-multiply-add ({@code vpmaddwd}, fused with the add into AVX512_VNNI {@code vpdpwssd}) — which the Vector API
 * does not expose — for a prefill/encoder GEMM?
 *
 * <p>C2 rewrites {@code AddI(MulI(LoadS, LoadS), MulI(LoadS, LoadS))} into {@code MulAddS2I} only inside a counted
 * loop, only when all four multiplicands are {@code LoadS} (short[] elements or {@code JAVA_SHORT} segment reads:
 * bytes and chars are not matched) and the two products read the same two bases
 * ({@code PhaseIdealLoop::convert_add_to_muladd}); SuperWord then packs those into {@code MulAddVS2VI}, and with
 * AVX512_VNNI an {@code AddVI} on top matches {@code vmuladdaddS2I_reg} ({@code vpdpwssd}). Every kernel here is
 * plain Java written in that idiom, except the F32 baseline (Vector API, a 4 × 4 register tile of 256-bit FMAs as in
 * {@code RowDotKernel.dot4x4}). A "row" is a weight row, a "token" an activation row, both of length {@code k}
 * ({@code k} even) and stored one after another.
 */
final class BenchmarkVnniKernels {
    private static final VectorSpecies<Float> F256 = FloatVector.SPECIES_256;

    private BenchmarkVnniKernels() {
    }

    /** Baseline: 4 weight rows × 4 tokens, 16 independent 256-bit FMA accumulators, 8 loads per 16 FMAs. */
    static void f32Tile4x4(float[] w, float[] x, int k, float[] out) {
        FloatVector c00 = FloatVector.zero(F256), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int i = 0; i < k; i += 8) {
            FloatVector x0 = FloatVector.fromArray(F256, x, i);
            FloatVector x1 = FloatVector.fromArray(F256, x, k + i);
            FloatVector x2 = FloatVector.fromArray(F256, x, 2 * k + i);
            FloatVector x3 = FloatVector.fromArray(F256, x, 3 * k + i);
            FloatVector w0 = FloatVector.fromArray(F256, w, i);
            c00 = w0.fma(x0, c00); c01 = w0.fma(x1, c01); c02 = w0.fma(x2, c02); c03 = w0.fma(x3, c03);
            FloatVector w1 = FloatVector.fromArray(F256, w, k + i);
            c10 = w1.fma(x0, c10); c11 = w1.fma(x1, c11); c12 = w1.fma(x2, c12); c13 = w1.fma(x3, c13);
            FloatVector w2 = FloatVector.fromArray(F256, w, 2 * k + i);
            c20 = w2.fma(x0, c20); c21 = w2.fma(x1, c21); c22 = w2.fma(x2, c22); c23 = w2.fma(x3, c23);
            FloatVector w3 = FloatVector.fromArray(F256, w, 3 * k + i);
            c30 = w3.fma(x0, c30); c31 = w3.fma(x1, c31); c32 = w3.fma(x2, c32); c33 = w3.fma(x3, c33);
        }
        out[0] = c00.reduceLanes(VectorOperators.ADD); out[1] = c01.reduceLanes(VectorOperators.ADD);
        out[2] = c02.reduceLanes(VectorOperators.ADD); out[3] = c03.reduceLanes(VectorOperators.ADD);
        out[4] = c10.reduceLanes(VectorOperators.ADD); out[5] = c11.reduceLanes(VectorOperators.ADD);
        out[6] = c12.reduceLanes(VectorOperators.ADD); out[7] = c13.reduceLanes(VectorOperators.ADD);
        out[8] = c20.reduceLanes(VectorOperators.ADD); out[9] = c21.reduceLanes(VectorOperators.ADD);
        out[10] = c22.reduceLanes(VectorOperators.ADD); out[11] = c23.reduceLanes(VectorOperators.ADD);
        out[12] = c30.reduceLanes(VectorOperators.ADD); out[13] = c31.reduceLanes(VectorOperators.ADD);
        out[14] = c32.reduceLanes(VectorOperators.ADD); out[15] = c33.reduceLanes(VectorOperators.ADD);
    }

    /** (a) The exact idiom of JDK-8214751's tests: an int[] of memory accumulators, one pair per element. */
    static void mulAddInto(short[] a, short[] b, int[] out, int pairs) {
        for (int i = 0; i < pairs; i++) {
            out[i] += a[2 * i] * b[2 * i] + a[2 * i + 1] * b[2 * i + 1];
        }
    }

    /** (b) One dot product as a scalar reduction. */
    static int dot(short[] a, short[] b, int pairs) {
        int s = 0;
        for (int i = 0; i < pairs; i++) {
            s += a[2 * i] * b[2 * i] + a[2 * i + 1] * b[2 * i + 1];
        }
        return s;
    }

    /** (b') One dot product, plain element-wise form (no pairs): widening multiply + add reduction at best. */
    static int dotPlain(short[] a, short[] b, int n) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** (b'') int8 inputs in byte[] in the pair idiom: LoadB, so no MulAddS2I (the idiom needs LoadS). */
    static int dotBytes(byte[] a, byte[] b, int pairs) {
        int s = 0;
        for (int i = 0; i < pairs; i++) {
            s += a[2 * i] * b[2 * i] + a[2 * i + 1] * b[2 * i + 1];
        }
        return s;
    }

    /**
     * (b-int) The same dot over int[] (values widened to int32 beforehand): SuperWord does vectorize this reduction
     * (vpmulld + vpaddd, register accumulator) — the subword (short) loads are what the reductions above trip on.
     */
    static int dotInt(int[] a, int[] b, int n) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** (c) GEMM micro-kernel: 2 weight rows × 2 tokens, four scalar reductions in one K loop. */
    static void tile2x2(short[] w, short[] x, int k, int[] out) {
        int s00 = 0, s01 = 0, s10 = 0, s11 = 0;
        for (int i = 0; i < k / 2; i++) {
            int j = 2 * i;
            s00 += w[j] * x[j] + w[j + 1] * x[j + 1];
            s01 += w[j] * x[k + j] + w[j + 1] * x[k + j + 1];
            s10 += w[k + j] * x[j] + w[k + j + 1] * x[j + 1];
            s11 += w[k + j] * x[k + j] + w[k + j + 1] * x[k + j + 1];
        }
        out[0] = s00; out[1] = s01; out[2] = s10; out[3] = s11;
    }

    /** (c) GEMM micro-kernel: 4 weight rows × 4 tokens, sixteen scalar reductions in one K loop. */
    static void tile4x4(short[] w, short[] x, int k, int[] out) {
        int k2 = 2 * k, k3 = 3 * k;
        int s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        int s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        for (int i = 0; i < k / 2; i++) {
            int j = 2 * i;
            s00 += w[j] * x[j] + w[j + 1] * x[j + 1];
            s01 += w[j] * x[k + j] + w[j + 1] * x[k + j + 1];
            s02 += w[j] * x[k2 + j] + w[j + 1] * x[k2 + j + 1];
            s03 += w[j] * x[k3 + j] + w[j + 1] * x[k3 + j + 1];
            s10 += w[k + j] * x[j] + w[k + j + 1] * x[j + 1];
            s11 += w[k + j] * x[k + j] + w[k + j + 1] * x[k + j + 1];
            s12 += w[k + j] * x[k2 + j] + w[k + j + 1] * x[k2 + j + 1];
            s13 += w[k + j] * x[k3 + j] + w[k + j + 1] * x[k3 + j + 1];
            s20 += w[k2 + j] * x[j] + w[k2 + j + 1] * x[j + 1];
            s21 += w[k2 + j] * x[k + j] + w[k2 + j + 1] * x[k + j + 1];
            s22 += w[k2 + j] * x[k2 + j] + w[k2 + j + 1] * x[k2 + j + 1];
            s23 += w[k2 + j] * x[k3 + j] + w[k2 + j + 1] * x[k3 + j + 1];
            s30 += w[k3 + j] * x[j] + w[k3 + j + 1] * x[j + 1];
            s31 += w[k3 + j] * x[k + j] + w[k3 + j + 1] * x[k + j + 1];
            s32 += w[k3 + j] * x[k2 + j] + w[k3 + j + 1] * x[k2 + j + 1];
            s33 += w[k3 + j] * x[k3 + j] + w[k3 + j + 1] * x[k3 + j + 1];
        }
        out[0] = s00; out[1] = s01; out[2] = s02; out[3] = s03; out[4] = s10; out[5] = s11; out[6] = s12; out[7] = s13;
        out[8] = s20; out[9] = s21; out[10] = s22; out[11] = s23; out[12] = s30; out[13] = s31; out[14] = s32;
        out[15] = s33;
    }

    /** Pairs per K chunk of the memory-accumulator tiles: 64 int lanes per (row, token) = four 512-bit vectors. */
    static final int CHUNK = 64;

    /**
     * (c2) GEMM micro-kernel in the one idiom SuperWord takes, (a): 4 weight rows × 4 tokens, each (row, token) with
     * {@link #CHUNK} int lanes of memory accumulators in {@code acc} (16 × CHUNK ints, constant offsets so that the
     * streams provably do not overlap), K walked in chunks of 2·CHUNK; the lanes are summed once at the end.
     */
    static void tile4x4Memory(short[] w, short[] x, int k, int chunk, int[] acc, int[] out) {
        java.util.Arrays.fill(acc, 0, 16 * chunk, 0);
        int k2 = 2 * k, k3 = 3 * k;
        for (int c = 0; c < k; c += 2 * chunk) {
            for (int i = 0; i < chunk; i++) {
                int j = c + 2 * i;
                acc[i] += w[j] * x[j] + w[j + 1] * x[j + 1];
                acc[1 * chunk + i] += w[j] * x[k + j] + w[j + 1] * x[k + j + 1];
                acc[2 * chunk + i] += w[j] * x[k2 + j] + w[j + 1] * x[k2 + j + 1];
                acc[3 * chunk + i] += w[j] * x[k3 + j] + w[j + 1] * x[k3 + j + 1];
                acc[4 * chunk + i] += w[k + j] * x[j] + w[k + j + 1] * x[j + 1];
                acc[5 * chunk + i] += w[k + j] * x[k + j] + w[k + j + 1] * x[k + j + 1];
                acc[6 * chunk + i] += w[k + j] * x[k2 + j] + w[k + j + 1] * x[k2 + j + 1];
                acc[7 * chunk + i] += w[k + j] * x[k3 + j] + w[k + j + 1] * x[k3 + j + 1];
                acc[8 * chunk + i] += w[k2 + j] * x[j] + w[k2 + j + 1] * x[j + 1];
                acc[9 * chunk + i] += w[k2 + j] * x[k + j] + w[k2 + j + 1] * x[k + j + 1];
                acc[10 * chunk + i] += w[k2 + j] * x[k2 + j] + w[k2 + j + 1] * x[k2 + j + 1];
                acc[11 * chunk + i] += w[k2 + j] * x[k3 + j] + w[k2 + j + 1] * x[k3 + j + 1];
                acc[12 * chunk + i] += w[k3 + j] * x[j] + w[k3 + j + 1] * x[j + 1];
                acc[13 * chunk + i] += w[k3 + j] * x[k + j] + w[k3 + j + 1] * x[k + j + 1];
                acc[14 * chunk + i] += w[k3 + j] * x[k2 + j] + w[k3 + j + 1] * x[k2 + j + 1];
                acc[15 * chunk + i] += w[k3 + j] * x[k3 + j] + w[k3 + j + 1] * x[k3 + j + 1];
            }
        }
        for (int m = 0; m < 16; m++) {
            int s = 0;
            for (int i = 0; i < chunk; i++) {
                s += acc[m * chunk + i];
            }
            out[m] = s;
        }
    }

    /** (c2) as {@link #tile4x4Memory}, 2 weight rows × 2 tokens. */
    static void tile2x2Memory(short[] w, short[] x, int k, int chunk, int[] acc, int[] out) {
        java.util.Arrays.fill(acc, 0, 4 * chunk, 0);
        for (int c = 0; c < k; c += 2 * chunk) {
            for (int i = 0; i < chunk; i++) {
                int j = c + 2 * i;
                acc[i] += w[j] * x[j] + w[j + 1] * x[j + 1];
                acc[chunk + i] += w[j] * x[k + j] + w[j + 1] * x[k + j + 1];
                acc[2 * chunk + i] += w[k + j] * x[j] + w[k + j + 1] * x[j + 1];
                acc[3 * chunk + i] += w[k + j] * x[k + j] + w[k + j + 1] * x[k + j + 1];
            }
        }
        for (int m = 0; m < 4; m++) {
            int s = 0;
            for (int i = 0; i < chunk; i++) {
                s += acc[m * chunk + i];
            }
            out[m] = s;
        }
    }

    /**
     * (c3) 2 × 2 tile in idiom (a) with every stream in an array of its own (two weight rows, two tokens, four
     * accumulator arrays of {@code pairs} ints): C2 rejects two offsets into one array (c2), so this is the tile shape
     * left. Only the K loop is timed (the accumulators are neither cleared nor summed): a best case.
     */
    static void tile2x2Arrays(short[] w0, short[] w1, short[] x0, short[] x1, int[] o00, int[] o01, int[] o10,
            int[] o11, int pairs) {
        for (int i = 0; i < pairs; i++) {
            o00[i] += w0[2 * i] * x0[2 * i] + w0[2 * i + 1] * x0[2 * i + 1];
            o01[i] += w0[2 * i] * x1[2 * i] + w0[2 * i + 1] * x1[2 * i + 1];
            o10[i] += w1[2 * i] * x0[2 * i] + w1[2 * i + 1] * x0[2 * i + 1];
            o11[i] += w1[2 * i] * x1[2 * i] + w1[2 * i + 1] * x1[2 * i + 1];
        }
    }

    /** (d) {@link #dot} over native segments (JAVA_SHORT reads are LoadS too). */
    static int dotSegment(MemorySegment a, MemorySegment b, int pairs) {
        int s = 0;
        for (int i = 0; i < pairs; i++) {
            long j = 4L * i;
            s += a.get(JAVA_SHORT_UNALIGNED, j) * b.get(JAVA_SHORT_UNALIGNED, j)
                    + a.get(JAVA_SHORT_UNALIGNED, j + 2) * b.get(JAVA_SHORT_UNALIGNED, j + 2);
        }
        return s;
    }

    /** (d) Idiom (a) with both short inputs in native segments (JAVA_SHORT reads, byte offsets 4i and 4i + 2). */
    static void mulAddIntoSegment(MemorySegment a, MemorySegment b, int[] out, int pairs) {
        for (int i = 0; i < pairs; i++) {
            long j = 4L * i;
            out[i] += a.get(JAVA_SHORT_UNALIGNED, j) * b.get(JAVA_SHORT_UNALIGNED, j)
                    + a.get(JAVA_SHORT_UNALIGNED, j + 2) * b.get(JAVA_SHORT_UNALIGNED, j + 2);
        }
    }

    /** (d) Idiom (a) entirely in native segments, the accumulators too. */
    static void mulAddIntoSegments(MemorySegment a, MemorySegment b, MemorySegment out, int pairs) {
        for (int i = 0; i < pairs; i++) {
            long j = 4L * i;
            out.set(JAVA_INT_UNALIGNED, j, out.get(JAVA_INT_UNALIGNED, j)
                    + a.get(JAVA_SHORT_UNALIGNED, j) * b.get(JAVA_SHORT_UNALIGNED, j)
                    + a.get(JAVA_SHORT_UNALIGNED, j + 2) * b.get(JAVA_SHORT_UNALIGNED, j + 2));
        }
    }

    /** (d) {@link #tile2x2} over native segments (row stride {@code 2k} bytes). */
    static void tile2x2Segment(MemorySegment w, MemorySegment x, int k, int[] out) {
        long r = 2L * k;
        int s00 = 0, s01 = 0, s10 = 0, s11 = 0;
        for (int i = 0; i < k / 2; i++) {
            long j = 4L * i;
            short w0 = w.get(JAVA_SHORT_UNALIGNED, j), w0h = w.get(JAVA_SHORT_UNALIGNED, j + 2);
            short w1 = w.get(JAVA_SHORT_UNALIGNED, r + j), w1h = w.get(JAVA_SHORT_UNALIGNED, r + j + 2);
            short x0 = x.get(JAVA_SHORT_UNALIGNED, j), x0h = x.get(JAVA_SHORT_UNALIGNED, j + 2);
            short x1 = x.get(JAVA_SHORT_UNALIGNED, r + j), x1h = x.get(JAVA_SHORT_UNALIGNED, r + j + 2);
            s00 += w0 * x0 + w0h * x0h;
            s01 += w0 * x1 + w0h * x1h;
            s10 += w1 * x0 + w1h * x0h;
            s11 += w1 * x1 + w1h * x1h;
        }
        out[0] = s00; out[1] = s01; out[2] = s10; out[3] = s11;
    }
}
