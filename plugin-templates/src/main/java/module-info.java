/**
 * Chat templates and tool-call formats. Provides {@code ChatTemplate} (built-in families and {@code jinja}) and
 * {@code ToolFormat}; exports nothing.
 *
 * <p>Jinjava is an automatic module ({@code jinjava}, from its jar name). It calls the template functions
 * ({@code raise_exception}, {@code strftime_now}) by reflection, so their package is exported to it alone.
 */
module realizar.templates {
    requires realizar.api;
    requires jinjava;
    requires com.fasterxml.jackson.databind;
    // Jinjava (an automatic module, so it cannot say so itself) needs java.beans at run time, and its EL API names it.
    requires java.desktop;

    exports realizar.templates.jinja.el to jinjava;
}
