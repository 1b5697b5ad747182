/**
 * The {@code realizar} command line (picocli). Depends on the runtime (and the server, for {@code serve}); never on a
 * plugin. The only module allowed to write to {@code System.out} and call {@code System.exit}.
 */
module realizar.cli {
    requires realizar.runtime;
    requires realizar.server;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;

    // picocli reads the command classes' annotations and sets their fields reflectively.
    opens realizar.cli to info.picocli;
    opens realizar.cli.commands to info.picocli;
}
