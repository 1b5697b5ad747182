package realizar.api.format;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/**
 * One tensor to be written by {@link FormatReader#write}: its description, and a way to produce its bytes on demand so
 * that a converter or quantizer can stream a model tensor by tensor without holding it all in memory.
 *
 * <p>The writer calls {@link #writeTo} exactly once per tensor, in list order, on the thread that called
 * {@code write}. The target segment is a writable slice of the output file's mapping, exactly {@link #byteSize()}
 * bytes long and valid only during the call: an implementation fills all of it and does not keep it.
 */
public interface TensorSource {
    /** The name to store ({@code blk.0.attn_q.weight}). */
    String name();

    TensorType type();

    /** Dimensions in ggml order ({@code dims[0]} is the row length); a fresh array on every call. */
    long[] dims();

    /** Fills {@code target}, which has exactly {@link #byteSize()} bytes, with the tensor's encoded data. */
    void writeTo(MemorySegment target);

    /** Bytes the data takes: {@link TensorType#bytesFor} of the element count. */
    default long byteSize() {
        long n = 1;
        for (long d : dims()) {
            n = Math.multiplyExact(n, d);
        }
        return type().bytesFor(n);
    }

    /** A source producing its bytes with {@code writer}, which is given the target segment. */
    static TensorSource of(String name, TensorType type, long[] dims, Consumer<MemorySegment> writer) {
        return new SimpleTensorSource(name, type, dims, writer);
    }

    /** A source copying {@code data}, whose size must equal the tensor's byte size. */
    static TensorSource of(String name, TensorType type, long[] dims, MemorySegment data) {
        Objects.requireNonNull(data, "data");
        return new SimpleTensorSource(name, type, dims, target -> {
            if (data.byteSize() != target.byteSize()) {
                throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "tensor '" + name + "': source has "
                        + data.byteSize() + " bytes, its " + type + " " + Arrays.toString(dims) + " needs " + target.byteSize());
            }
            target.copyFrom(data);
        });
    }

    /** A source copying an open model's tensor as it is (same name, type, dims and bytes). */
    static TensorSource of(Tensor tensor) {
        return of(tensor.name(), tensor.type(), tensor.info().dims(), tensor.data());
    }
}
