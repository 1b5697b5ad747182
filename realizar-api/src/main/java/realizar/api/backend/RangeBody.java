package realizar.api.backend;

/** A loop body over the index range {@code [from, to)}, for {@link ComputeDevice#parallel}. */
@FunctionalInterface
public interface RangeBody {
    void run(int from, int to);
}
