package realizar.api.format;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/** The plain implementation behind {@link TensorSource}'s factories. */
record SimpleTensorSource(String name, TensorType type, long[] dims, Consumer<MemorySegment> writer) implements TensorSource {
    SimpleTensorSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(writer, "writer");
        dims = dims.clone();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    @Override
    public void writeTo(MemorySegment target) {
        writer.accept(target);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(dims);
    }
}
