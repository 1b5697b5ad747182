package realizar.runtime.generate;

/** How long generation took. */
public record Timings(int promptTokens, double prefillMs, int decodedTokens, double decodeMs) {
    /** Prompt tokens per second during prefill. */
    public double prefillTokensPerSecond() {
        return prefillMs > 0 ? promptTokens * 1000.0 / prefillMs : 0;
    }

    /** Generated tokens per second, counting only the forward passes after the prompt. */
    public double decodeTokensPerSecond() {
        return decodeMs > 0 ? decodedTokens * 1000.0 / decodeMs : 0;
    }
}
