package realizar.runtime.model;

/**
 * A decoder-only language model bound to a compute device. Immutable and shareable across threads; each conversation
 * runs in its own {@link Session}.
 */
public interface CausalLM extends AutoCloseable {
    /** {@code general.architecture} ({@code llama}). */
    String architecture();

    int vocabSize();

    /** The context length the model was trained for. */
    int trainedContextLength();

    /**
     * A new session with its own KV cache for up to {@code contextLength} positions.
     *
     * @param maxBatch the most tokens one {@link Session#forward} call may take (prefill chunk size)
     */
    Session newSession(int contextLength, KvType kvType, int maxBatch);

    /** Releases the device resources the model holds (not the model file). */
    @Override
    void close();
}
