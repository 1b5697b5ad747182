package realizar.api.format;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/**
 * An open model: metadata plus tensors whose bytes are slices of one read-only memory mapping, owned by an arena that
 * {@link #close()} releases. Thread-safe for reading. Tensors obtained from it must not be used after close.
 */
public interface ModelFile extends AutoCloseable {
    /** The name of the {@link FormatReader} that opened it ({@code gguf}). */
    String format();

    Path path();

    Metadata metadata();

    /** Every tensor, in file order. */
    List<TensorInfo> tensors();

    Optional<Tensor> findTensor(String name);

    default Tensor tensor(String name) {
        return findTensor(name).orElseThrow(() -> new RealizarException(ErrorCode.NOT_FOUND,
                "tensor '" + name + "' is not in " + path().getFileName()));
    }

    /** Releases the mapping. Idempotent. */
    @Override
    void close();
}
