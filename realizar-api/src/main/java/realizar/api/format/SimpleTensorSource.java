package realizar.api.format;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/** The plain implementation behind the factories. */
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
    public boolean equals(Object o) {
        return o instanceof SimpleTensorSource s && name.equals(s.name) && type == s.type && Arrays.equals(dims, s.dims)
                && writer.equals(s.writer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(dims), writer);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(dims);
    }
}
