package realizar.cli.commands;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.ModelFile;
import realizar.runtime.Realizar;
import realizar.runtime.tokenizer.Tokenizer;

/** {@code realizar detokenize}: token ids back to text. */
@Command(name = "detokenize", mixinStandardHelpOptions = true,
        description = "Turn token ids back into text (control tokens produce no text).",
        footer = {"", "Example:", "  realizar detokenize model.gguf --ids 1,403,407 --json"})
public final class DetokenizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model or vocab-only GGUF.")
    Path model;

    @Option(names = "--ids", split = ",", required = true, paramLabel = "ID", description = "Comma-separated token ids.")
    List<Integer> ids;

    @Option(names = "--json", description = "Print {\"text\":\"…\"}.")
    boolean json;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() {
        try (Realizar realizar = Realizar.create(runtime.toOptions()); ModelFile file = realizar.open(model, runtime.format)) {
            Tokenizer tokenizer = Tokenizer.fromMetadata(file.metadata());
            int[] array = ids.stream().mapToInt(Integer::intValue).toArray();
            for (int id : array) {
                if (id < 0 || id >= tokenizer.vocabSize()) {
                    throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "token id " + id + " is outside the vocabulary [0, " + tokenizer.vocabSize() + ")");
                }
            }
            String text = tokenizer.decode(array);
            if (json) {
                Json.print(spec.commandLine().getOut(), Map.of("text", text));
            } else {
                spec.commandLine().getOut().println(text);
            }
        }
        return 0;
    }
}
