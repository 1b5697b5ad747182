package realizar.backend.simd;

import static realizar.backend.simd.Simd.F256;
import static realizar.backend.simd.Simd.I256;
import static realizar.backend.simd.Simd.S128;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import realizar.api.backend.KvBuffer;

/**
 * Decodes one attention tile of an encoded KV cache — positions {@code j0 … j0+len-1}, the {@code headDim} columns of
 * one KV head from {@code col0} — into a dense float tile of {@code headDim} values a position. Exact: each value
 * becomes the float it encodes.
 */
final class KvTiles {
    private static final float TWO_POW_112 = 0x1p112f;
    private static final VectorSpecies<Byte> B64 = ByteVector.SPECIES_64;

    private KvTiles() {
    }

    /**
     * The K tile into {@code kTile} and the V tile into {@code vTile}. One call site for both, so that C2 inlines each
     * decoder once into the attention loop and its node budget still covers the dot and axpy kernels after it.
     */
    static void decode(KvBuffer k, KvBuffer v, int j0, int len, int col0, int headDim, float[] kTile, float[] vTile) {
        for (int i = 0; i < 2; i++) {
            decode(i == 0 ? k : v, j0, len, col0, headDim, i == 0 ? kTile : vTile);
        }
    }

    static void decode(KvBuffer buffer, int j0, int len, int col0, int headDim, float[] tile) {
        switch (buffer) {
            case KvBuffer.F16 h -> halfRows(h.bits(), h.rowWidth(), j0, len, col0, headDim, tile);
            case KvBuffer.Q8_0 q -> q8Rows(q, j0, len, col0, headDim, tile);
            case KvBuffer.F32 f -> {
                for (int j = 0; j < len; j++) {
                    System.arraycopy(f.values(), (j0 + j) * f.rowWidth() + col0, tile, j * headDim, headDim);
                }
            }
        }
    }

    /**
     * binary16 → float32 eight lanes at a time with the bit arithmetic of {@link VectorHalfKernels#widen}: the Vector
     * API of JDK 25 has no half-float conversion ({@code jdk.incubator.vector.Float16} is scalar only), and a plain loop
     * of {@link Float#float16ToFloat} (a C2 intrinsic) was not vectorized here and measured up to 2x slower per
     * attention call. The tail of a row that is not a multiple of 8 uses {@link Float#float16ToFloat}.
     */
    static void halfRows(short[] bits, int rowWidth, int j0, int len, int col0, int headDim, float[] tile) {
        int upper = headDim & ~7;
        for (int j = 0; j < len; j++) {
            int src = (j0 + j) * rowWidth + col0;
            int dst = j * headDim;
            int i = 0;
            for (; i < upper; i += 8) {
                widen(bits, src + i).intoArray(tile, dst + i);
            }
            for (; i < headDim; i++) {
                tile[dst + i] = Float.float16ToFloat(bits[src + i]);
            }
        }
    }

    /** Eight IEEE halves at {@code off}, widened exactly (subnormals, infinities and NaNs included). */
    private static FloatVector widen(short[] bits, int off) {
        IntVector h = (IntVector) ShortVector.fromArray(S128, bits, off).convertShape(VectorOperators.S2I, I256, 0);
        IntVector magnitude = h.and(0x7fff).lanewise(VectorOperators.LSHL, 13);
        FloatVector f = magnitude.reinterpretAsFloats().mul(TWO_POW_112);
        IntVector out = f.reinterpretAsInts()
                .blend(magnitude.or(0x7f800000), h.and(0x7c00).compare(VectorOperators.EQ, 0x7c00));
        return out.or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
    }

    /**
     * Q8_0 rows: q·d in float, d per 32-value block of the row (a head may start or end inside a block), eight quants
     * widened at a time.
     */
    private static void q8Rows(KvBuffer.Q8_0 q, int j0, int len, int col0, int headDim, float[] tile) {
        byte[] quants = q.quants();
        short[] scales = q.scales();
        int rowWidth = q.rowWidth();
        int perRow = KvBuffer.Q8_0.blocksPerRow(rowWidth);
        for (int j = 0; j < len; j++) {
            int pos = j0 + j;
            int dst = j * headDim - col0;
            for (int c = col0; c < col0 + headDim; ) {
                int block = c / KvBuffer.Q8_0.BLOCK;
                int end = Math.min((block + 1) * KvBuffer.Q8_0.BLOCK, col0 + headDim);
                float d = Float.float16ToFloat(scales[pos * perRow + block]);
                int src = pos * rowWidth;
                int i = c;
                for (; i + 8 <= end; i += 8) {
                    // int8 → float is exact and q·d has at most 7 + 11 significant bits: the product is exact.
                    ((FloatVector) ByteVector.fromArray(B64, quants, src + i).convertShape(VectorOperators.B2F, F256, 0))
                            .mul(d).intoArray(tile, dst + i);
                }
                for (; i < end; i++) {
                    tile[dst + i] = quants[src + i] * d;
                }
                c = end;
            }
        }
    }
}
