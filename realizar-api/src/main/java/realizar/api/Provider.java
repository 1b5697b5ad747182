package realizar.api;

/**
 * What every service provider of every SPI has: a stable name and the SPI version it was compiled against.
 *
 * <p>Providers are cheap, stateless factories. The runtime instantiates them once per discovery, possibly from
 * several threads, and asks for heavy objects through the SPI's {@code open}/{@code create} methods.
 */
public interface Provider {
    /**
     * A stable, lower-case identifier ({@code gguf}, {@code simd}, {@code chatml}). Users choose providers by it
     * ({@code --backend simd}); two providers of one SPI must not share it.
     */
    String name();

    /**
     * The version handshake: implement it as {@code return SpiVersion.CURRENT;}. Because that constant is inlined
     * when the plugin is compiled, the value is the API version the plugin was built against; the runtime rejects a
     * provider whose major version differs from its own.
     */
    int spiVersion();

    /** One line for {@code realizar plugins}. */
    default String description() {
        return "";
    }

    /** The provider's own version, shown by {@code realizar plugins}; by default its module's version. */
    default String version() {
        return getClass().getModule().getDescriptor() != null
                ? getClass().getModule().getDescriptor().rawVersion().orElse("dev")
                : "dev";
    }
}
