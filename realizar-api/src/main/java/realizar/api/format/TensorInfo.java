package realizar.api.format;

import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor's description: name, element type, dimensions and where its bytes are.
 *
 * @param name       the name as stored in the file ({@code blk.0.attn_q.weight})
 * @param type       element encoding
 * @param dims       dimensions in ggml order: {@code dims[0]} varies fastest (the row length); the numpy shape is the
 *                   reverse
 * @param dataOffset absolute byte offset of the first byte in the file
 * @param byteSize   bytes the tensor occupies
 */
public record TensorInfo(String name, TensorType type, long[] dims, long dataOffset, long byteSize) {
    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        dims = dims.clone();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    public int rank() {
        return dims.length;
    }

    public long dim(int i) {
        return i < dims.length ? dims[i] : 1;
    }

    public long elementCount() {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The row length ({@code dims[0]}). */
    public long rowLength() {
        return dims.length == 0 ? 1 : dims[0];
    }

    /** Number of rows: every dimension but the first, multiplied. */
    public long rowCount() {
        return elementCount() / rowLength();
    }

    /** Dimensions in row-major (numpy, PyTorch) order: the reverse of {@link #dims()}. */
    public long[] numpyShape() {
        long[] s = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            s[i] = dims[dims.length - 1 - i];
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && type == t.type && Arrays.equals(dims, t.dims)
                && dataOffset == t.dataOffset && byteSize == t.byteSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(dims), dataOffset, byteSize);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(dims);
    }
}
