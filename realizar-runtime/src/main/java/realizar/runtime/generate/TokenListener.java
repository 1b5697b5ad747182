package realizar.runtime.generate;

/** Receives generated text as it is produced; called on the generating thread. */
public interface TokenListener {
    TokenListener NONE = (id, text) -> {
    };

    /**
     * A token was generated. {@code textDelta} is the new complete text it releases: it may be empty (an incomplete
     * UTF-8 sequence, or text held back because it may start a stop string) or cover several tokens.
     */
    void onToken(int id, String textDelta);

    /** Polled between tokens: true stops generation with {@link StopReason#CANCELLED}. */
    default boolean isCancelled() {
        return false;
    }
}
