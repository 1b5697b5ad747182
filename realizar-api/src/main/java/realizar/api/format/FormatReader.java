package realizar.api.format;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import realizar.api.Provider;

/**
 * Reads one model file format. Service provider interface: a plugin {@code provides} it and exports nothing.
 *
 * <p>Threading: instances are stateless and may be called from any thread. Lifetime: the runtime keeps one instance
 * per discovery; {@link #open} hands the caller a {@link ModelFile} it must close.
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
}
