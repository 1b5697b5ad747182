package realizar.runtime.sampling;

/**
 * One link of the sampling chain that edits logits before a token is chosen (penalties, bias, a grammar mask).
 * Implementations hold per-generation state and are not thread-safe.
 */
public interface LogitProcessor {
    /** Edits {@code logits} in place; a token set to {@code -Infinity} cannot be chosen. */
    void process(float[] logits);

    /** Told the token that was chosen, so stateful processors (a grammar) can advance. */
    default void accept(int token) {
    }
}
