/** Chat templates and tool-call formats. Provides {@code ChatTemplate} and {@code ToolFormat}; exports nothing. */
module realizar.templates {
    requires realizar.api;
}
