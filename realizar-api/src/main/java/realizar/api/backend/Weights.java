package realizar.api.backend;

import realizar.api.format.TensorInfo;

/**
 * A weight tensor prepared by a device: for the CPU a view of the file mapping (possibly repacked), for a GPU a copy in
 * device memory. Owned by the device that made it; what the device allocated for it is released when the weights
 * become unreachable (the model holding them is dropped) or the device closes.
 */
public interface Weights {
    TensorInfo info();

    /** Output features: the number of rows of the matrix ({@code dims[1]}). */
    default int rows() {
        return Math.toIntExact(info().rowCount());
    }

    /** Input features: the row length ({@code dims[0]}). */
    default int cols() {
        return Math.toIntExact(info().rowLength());
    }
}
