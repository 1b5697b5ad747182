package realizar.api;

/** The version of these SPIs. A provider compiled against another major version is refused, not half-run. */
public final class SpiVersion {
    /** Bump when an SPI changes incompatibly. */
    public static final int CURRENT = 1;

    private SpiVersion() {
    }

    /** Whether a provider built against {@code providerVersion} can run against this API. */
    public static boolean isCompatible(int providerVersion) {
        return providerVersion == CURRENT;
    }
}
