package realizar.backend.simd;

import static realizar.backend.simd.Simd.F256;
import static realizar.backend.simd.Simd.I256;
import static realizar.backend.simd.Simd.S128;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import realizar.api.backend.KvBuffer;

/**
 * Decodes one attention tile of an encoded KV cache — positions {@code j0 … j0+len-1}, the {@code headDim} columns of
 * one KV head from {@code col0} — into a dense float tile of {@code headDim} values a position. Exact: each value
 * becomes the float it encodes.
 */
final class KvTiles {
    private static final float TWO_POW_112 = 0x1p112f;
    static final boolean VECTOR_F16 = !"false".equals(System.getProperty("realizar.simd.kvVectorF16"));

    private KvTiles() {
    }

    static void decode(KvBuffer buffer, int j0, int len, int col0, int headDim, float[] tile) {
        switch (buffer) {
            case KvBuffer.F16 h -> {
                if (VECTOR_F16) {
                    halfRowsVector(h.bits(), h.rowWidth(), j0, len, col0, headDim, tile);
                } else {
                    halfRowsScalar(h.bits(), h.rowWidth(), j0, len, col0, headDim, tile);
                }
            }
            case KvBuffer.Q8_0 q -> q8Rows(q, j0, len, col0, headDim, tile);
            case KvBuffer.F32 f -> {
                for (int j = 0; j < len; j++) {
                    System.arraycopy(f.values(), (j0 + j) * f.rowWidth() + col0, tile, j * headDim, headDim);
                }
            }
        }
    }

    /** binary16 → float32 lane by lane with {@link Float#float16ToFloat} (C2 intrinsic, vcvtph2ps where it vectorizes). */
    static void halfRowsScalar(short[] bits, int rowWidth, int j0, int len, int col0, int headDim, float[] tile) {
        for (int j = 0; j < len; j++) {
            int src = (j0 + j) * rowWidth + col0;
            int dst = j * headDim;
            for (int i = 0; i < headDim; i++) {
                tile[dst + i] = Float.float16ToFloat(bits[src + i]);
            }
        }
    }

    /**
     * binary16 → float32 eight lanes at a time with the bit arithmetic of {@link VectorHalfKernels#widen} (the Vector
     * API of JDK 25 has no half-float conversion).
     */
    static void halfRowsVector(short[] bits, int rowWidth, int j0, int len, int col0, int headDim, float[] tile) {
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

    /** Q8_0 rows: q·d in float, d per 32-value block of the row (a head may start or end inside a block). */
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
                for (int i = c; i < end; i++) {
                    tile[dst + i] = quants[src + i] * d;
                }
                c = end;
            }
        }
    }
}
