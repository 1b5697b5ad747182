package realizar.runtime.generate;

/** Why generation ended. */
public enum StopReason {
    /** {@code maxTokens} reached. */
    LENGTH,
    /** The model produced an end-of-generation token. */
    EOS,
    /** A stop string appeared. */
    STOP,
    /** The context window is full. */
    CONTEXT,
    /** The caller cancelled (a client went away). */
    CANCELLED
}
