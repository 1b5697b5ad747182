package realizar.api.backend;

/** The closed set of operations a {@link ComputeDevice} may be asked about with {@code supports}. */
public enum Op {
    /** Weight matrix times activations, reading the weight's own encoding. */
    MATMUL,
    /** Weight bytes to float32. */
    DEQUANTIZE,
    /** Causal multi-head attention over a KV cache; the type asked about is the cache's storage ({@link KvBuffer#type()}). */
    ATTENTION
}
