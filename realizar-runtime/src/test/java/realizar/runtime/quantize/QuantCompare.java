package realizar.runtime.quantize;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import realizar.api.backend.ComputeDevice;
import realizar.api.format.Tensor;
import realizar.api.format.TensorInfo;
import realizar.api.format.TensorType;

/** Test helpers: read F32 tensors, quantize, compare blocks with a reference encoding, measure RMSE. */
final class QuantCompare {
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private QuantCompare() {
    }

    static float[] floats(Tensor t) {
        if (t.type() != TensorType.F32) {
            throw new IllegalArgumentException(t.name() + " is " + t.type());
        }
        return t.data().toArray(F32);
    }

    static byte[] quantize(TensorType type, float[] values) {
        byte[] out = new byte[Math.toIntExact(type.bytesFor(values.length))];
        Quantizers.of(type).quantize(values, 0, values.length, out, 0);
        return out;
    }

    /** Blocks whose bytes differ between {@code a} and {@code b}. */
    static int differingBlocks(TensorType type, byte[] a, byte[] b) {
        int bb = type.blockBytes();
        int n = 0;
        for (int off = 0; off < a.length; off += bb) {
            if (!MemorySegment.ofArray(a).asSlice(off, bb).equals(MemorySegment.ofArray(b).asSlice(off, bb))
                    && MemorySegment.ofArray(a).asSlice(off, bb).mismatch(MemorySegment.ofArray(b).asSlice(off, bb)) >= 0) {
                n++;
            }
        }
        return n;
    }

    static float[] dequantize(ComputeDevice device, TensorInfo like, TensorType type, byte[] data) {
        TensorInfo info = new TensorInfo(like.name(), type, like.dims(), 0, data.length);
        float[] out = new float[Math.toIntExact(info.elementCount())];
        device.dequantize(new Tensor(info, MemorySegment.ofArray(data)), 0, out, 0, out.length);
        return out;
    }

    static double rmse(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s / a.length);
    }
}
