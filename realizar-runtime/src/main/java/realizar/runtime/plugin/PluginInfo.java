package realizar.runtime.plugin;

/**
 * One discovered provider, as {@code realizar plugins} lists it.
 *
 * @param spi     the SPI's simple name ({@code FormatReader})
 * @param name    the provider's {@code name()}, or the class name when it could not be instantiated
 * @param version the provider's version
 * @param module  the JPMS module it lives in
 * @param source  where it came from: {@code module-path}, {@code class-path} or the jar's path in a plugins folder
 * @param status  {@code ok}, or why it was skipped ({@code failed: …}, {@code incompatible: …})
 */
public record PluginInfo(String spi, String name, String version, String module, String source, String status) {
    public boolean isOk() {
        return "ok".equals(status);
    }
}
