package realizar.cli.commands;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import realizar.runtime.Realizar;
import realizar.runtime.embed.EmbeddingModel;
import realizar.runtime.embed.Pooling;

/** {@code realizar embed}: sentence embeddings from a BERT-family encoder (GGUF or Hugging Face folder). */
@Command(name = "embed", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Embed sentences with an encoder model (bert, nomic-bert: all-MiniLM, bge, nomic-embed ...).",
                "Each TEXT gives one vector, L2-normalised unless --no-normalize."},
        footer = {"", "Examples:", "  realizar embed all-MiniLM-L6-v2/ \"A first sentence\" \"A second one\" --json",
                "  realizar embed bge-small-en-v1.5-f16.gguf \"query text\" --pooling cls"})
public final class EmbedCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "GGUF file or Hugging Face folder of an encoder model.")
    Path model;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TEXT", description = "Texts to embed.")
    List<String> texts;

    @Option(names = "--pooling", paramLabel = "mean|cls|last",
            description = "How token states become one vector (default: the model's own, else mean).")
    String pooling;

    @Option(names = "--no-normalize", description = "Keep the pooled vectors as they are (no L2 normalisation).")
    boolean noNormalize;

    @Option(names = "--json", description = "Print {\"embeddings\":[[…], …], \"dimensions\":N}.")
    boolean json;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() {
        try (Realizar realizar = Realizar.create(runtime.toOptions()); EmbeddingModel m = EmbeddingModel.open(realizar, model)) {
            Pooling p = pooling == null ? m.defaultPooling() : Pooling.parse(pooling);
            float[][] vectors = m.embed(texts, p, !noNormalize);
            var out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("embeddings", vectors);
                result.put("dimensions", m.dimensions());
                Json.print(out, result);
            } else {
                for (int i = 0; i < vectors.length; i++) {
                    StringBuilder line = new StringBuilder();
                    for (float v : vectors[i]) {
                        line.append(line.isEmpty() ? "" : " ").append(v);
                    }
                    out.println(line);
                }
                out.flush();
            }
        }
        return 0;
    }
}
