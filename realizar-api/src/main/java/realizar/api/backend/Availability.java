package realizar.api.backend;

/**
 * Whether a backend can run on this machine. The runtime picks the available backend with the highest score unless the
 * user named one.
 *
 * @param score  0 when unavailable; higher is preferred (the portable CPU backend uses 100, GPUs more)
 * @param reason one line saying why ("AVX2, 256-bit vectors, 16 threads" or "no CUDA driver found")
 */
public record Availability(int score, String reason) {
    public static Availability unavailable(String reason) {
        return new Availability(0, reason);
    }

    public boolean isAvailable() {
        return score > 0;
    }
}
