package realizar.api.format;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A tensor and its bytes: a read-only slice of the model file's mapping (never a heap copy). The segment is valid
 * until the {@link ModelFile} that produced it is closed; reading it afterwards throws
 * {@link IllegalStateException}.
 */
public record Tensor(TensorInfo info, MemorySegment data) {
    public Tensor {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(data, "data");
        if (data.byteSize() != info.byteSize()) {
            throw new IllegalArgumentException(info.name() + ": segment has " + data.byteSize() + " bytes, info says " + info.byteSize());
        }
    }

    public String name() {
        return info.name();
    }

    public TensorType type() {
        return info.type();
    }
}
