package realizar.runtime.quantize;

/**
 * Where the float32 values of a tensor to be written come from: a source model's tensor (decoded) or a generator.
 * Called from several worker threads at once, for disjoint rows.
 */
@FunctionalInterface
public interface TensorValues {
    /** Fills {@code out[0 .. rows * rowLength)} with the {@code rows} rows starting at {@code firstRow}. */
    void read(long firstRow, int rows, float[] out);
}
