package realizar.api.format;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

import realizar.api.ErrorCode;
import realizar.api.Provider;
import realizar.api.RealizarException;

/**
 * Reads one model file format. Service provider interface: a plugin {@code provides} it and exports nothing.
 *
 * <p>Threading: instances are stateless and may be called from any thread. Lifetime: the runtime keeps one instance
 * per discovery; {@link #open} hands the caller a {@link ModelFile} it must close.
 *
 * <p>Writing is an optional capability: ask {@link #supportsWriting()} first; {@link #write} throws
 * {@link ErrorCode#UNSUPPORTED_OPERATION} for a reader that cannot write its format.
 */
public interface FormatReader extends Provider {
    /** How many leading bytes {@link #probe} is given at most. */
    int PROBE_BYTES = 64;

    /**
     * How sure this reader is that it can open {@code path}, judged from its leading bytes (never the file name):
     * 0 means "not mine", 100 means the magic matched. For a directory, {@code head} is empty and the reader may look
     * inside it.
     *
     * @param head up to {@link #PROBE_BYTES} leading bytes, little-endian order, position 0
     */
    int probe(Path path, ByteBuffer head);

    /**
     * Opens and validates the model. Throws {@link realizar.api.RealizarException} with
     * {@link realizar.api.ErrorCode#MALFORMED_MODEL} naming the field and byte offset for corrupt input.
     */
    ModelFile open(Path path);

    /** Whether {@link #write} can produce a file of this format. */
    default boolean supportsWriting() {
        return false;
    }

    /**
     * Writes a model file of this format: {@code metadata}, then every tensor of {@code tensors} in list order, each
     * filled by its {@link TensorSource#writeTo}. The write is atomic: the file is written to a temporary file in
     * {@code out}'s directory, forced to disk and renamed over {@code out}; on any failure (including one thrown by a
     * tensor source or the progress listener) the temporary file is deleted, {@code out} is left as it was and the
     * failure is rethrown.
     *
     * <p>Which metadata keys and value types a format keeps is the format's to document (for GGUF: the plugin's
     * README). Threading: runs entirely on the calling thread, which also calls the tensor sources and the listener;
     * several writes may run at once on different threads to different files.
     *
     * @param out      the file to create or replace; its directory must exist
     * @param metadata key/value metadata, in the order it is to be written
     * @param tensors  the tensors, in the order their data is to be laid out; names must be unique
     * @param progress told how many bytes are done; {@link ProgressListener#NONE} to ignore
     * @throws RealizarException {@link ErrorCode#UNSUPPORTED_OPERATION} if this reader cannot write,
     *                           {@link ErrorCode#INVALID_ARGUMENT} for metadata or tensors the format cannot hold,
     *                           {@link ErrorCode#IO_ERROR} when the file system fails
     */
    default void write(Path out, Metadata metadata, List<? extends TensorSource> tensors, ProgressListener progress) {
        throw new RealizarException(ErrorCode.UNSUPPORTED_OPERATION, "the " + name() + " format reader cannot write files");
    }
}
