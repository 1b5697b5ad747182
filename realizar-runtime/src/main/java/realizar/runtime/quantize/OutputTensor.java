package realizar.runtime.quantize;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

import realizar.api.format.TensorType;

/**
 * One tensor of a file to write: its name, type and dims (ggml order), and either the values to encode into
 * {@code type} or, when {@code copy} is not null, bytes already in that type to copy as they are.
 */
public record OutputTensor(String name, TensorType type, long[] dims, TensorValues values, MemorySegment copy) {
    public OutputTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        dims = dims.clone();
        if ((values == null) == (copy == null)) {
            throw new IllegalArgumentException(name + ": give exactly one of values and copy");
        }
    }

    public static OutputTensor encode(String name, TensorType type, long[] dims, TensorValues values) {
        return new OutputTensor(name, type, dims, values, null);
    }

    public static OutputTensor copy(String name, TensorType type, long[] dims, MemorySegment data) {
        return new OutputTensor(name, type, dims, null, data);
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    long elementCount() {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    long byteSize() {
        return type.bytesFor(elementCount());
    }
}
