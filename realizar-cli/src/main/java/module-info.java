/** The {@code realizar} command line. Depends on the runtime only. */
module realizar.cli {
    requires realizar.runtime;
}
