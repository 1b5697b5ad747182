/**
 * realizar's service provider interfaces and the value types they exchange.
 *
 * <p>Four SPIs, each discovered by the runtime with {@link java.util.ServiceLoader}:
 * {@link realizar.api.format.FormatReader}, {@link realizar.api.backend.ComputeBackend},
 * {@link realizar.api.chat.ChatTemplate} and {@link realizar.api.chat.ToolFormat}.
 * Plugins depend on this module only; it depends on {@code java.base} only.
 */
module realizar.api {
    exports realizar.api;
    exports realizar.api.format;
    exports realizar.api.backend;
    exports realizar.api.chat;
}
