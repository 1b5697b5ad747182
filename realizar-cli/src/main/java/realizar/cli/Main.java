package realizar.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import realizar.api.RealizarException;
import realizar.cli.commands.BenchCommand;
import realizar.cli.commands.DetokenizeCommand;
import realizar.cli.commands.EmbedCommand;
import realizar.cli.commands.InfoCommand;
import realizar.cli.commands.PluginsCommand;
import realizar.cli.commands.QuantizeCommand;
import realizar.cli.commands.RunCommand;
import realizar.cli.commands.ServeCommand;
import realizar.cli.commands.SynthCommand;
import realizar.cli.commands.TemplateCommand;
import realizar.cli.commands.TensorCommand;
import realizar.cli.commands.TokenizeCommand;
import realizar.runtime.Version;

/**
 * {@code realizar}: the command line. Errors are one line on stderr naming what is wrong; exit code 2 for bad usage or
 * input, 1 for internal failures.
 */
@Command(name = "realizar", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = {"Run language and embedding models on the JVM: GGUF files and",
                "Hugging Face folders. Generate, serve (OpenAI API), tokenize, inspect,",
                "quantize, benchmark.", ""},
        footer = {"", "Examples:",
                "  realizar run models/stories260K/stories260K.gguf \"Once upon a time\" -n 32 --temperature 0",
                "  realizar serve --demo            # then: curl -s localhost:8080/generate -d '{\"prompt\":\"Once\"}'",
                "  realizar info model.gguf --json",
                "", "Run 'realizar help COMMAND' for a command's options."},
        subcommands = {RunCommand.class, TokenizeCommand.class, DetokenizeCommand.class, InfoCommand.class,
                TensorCommand.class, TemplateCommand.class, PluginsCommand.class, ServeCommand.class, QuantizeCommand.class,
                SynthCommand.class, BenchCommand.class, EmbedCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit code (used by tests in-process). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof RealizarException re) {
                commandLine.getErr().println("realizar: " + re.code() + ": " + re.getMessage());
                return re.code().isUserError() ? 2 : 1;
            }
            commandLine.getErr().println("realizar: internal error: " + e);
            e.printStackTrace(commandLine.getErr());
            return 1;
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            e.getCommandLine().getErr().println("realizar: " + e.getMessage());
            e.getCommandLine().getErr().println("Try 'realizar " + e.getCommandLine().getCommandName().replace("realizar", "").trim()
                    + " --help' for the options.");
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints the build's version. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"realizar " + Version.get(), "Java " + Runtime.version()};
        }
    }
}
