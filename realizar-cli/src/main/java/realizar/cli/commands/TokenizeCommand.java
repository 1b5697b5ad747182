package realizar.cli.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

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

/** {@code realizar tokenize}: text to token ids with the model's own tokenizer. */
@Command(name = "tokenize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Tokenize text with the model's tokenizer (a vocab-only GGUF works too).",
                "BOS/EOS are added as the model's metadata says unless --no-bos."},
        footer = {"", "Examples:", "  realizar tokenize model.gguf \"Once upon a time\" --json",
                "  realizar tokenize model.gguf --batch prompts.json --json     # prompts.json: [\"a\", \"b\"]"})
public final class TokenizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model or vocab-only GGUF.")
    Path model;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TEXT", description = "Text to tokenize.")
    String text;

    @Option(names = "--batch", paramLabel = "FILE.json", description = "A JSON array of strings to tokenize.")
    Path batch;

    @Option(names = "--no-bos", description = "Do not add BOS/EOS.")
    boolean noBos;

    @Option(names = "--parse-special", description = "Let text such as <|im_start|> become special tokens.")
    boolean parseSpecial;

    @Option(names = "--json", description = "Print {\"ids\":[…], \"pieces\":[…]} (with --batch: {\"results\":[{\"ids\":[…]}, …]}).")
    boolean json;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws IOException {
        if ((text == null) == (batch == null)) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "give either TEXT or --batch FILE.json (exactly one)");
        }
        try (Realizar realizar = Realizar.create(runtime.toOptions()); ModelFile file = realizar.open(model, runtime.format)) {
            Tokenizer tokenizer = Tokenizer.fromMetadata(file.metadata());
            var out = spec.commandLine().getOut();
            if (batch != null) {
                List<Map<String, Object>> results = new ArrayList<>();
                for (String s : readBatch(batch)) {
                    results.add(Map.of("ids", tokenizer.encode(s, !noBos, parseSpecial)));
                }
                Json.print(out, Map.of("results", results));
                return 0;
            }
            int[] ids = tokenizer.encode(text, !noBos, parseSpecial);
            List<String> pieces = new ArrayList<>();
            for (int id : ids) {
                pieces.add(tokenizer.piece(id));
            }
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ids", ids);
                m.put("pieces", pieces);
                Json.print(out, m);
            } else {
                for (int i = 0; i < ids.length; i++) {
                    out.printf("%6d -> '%s'%n", ids[i], pieces.get(i));
                }
            }
        }
        return 0;
    }

    private static List<String> readBatch(Path file) throws IOException {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, file + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isArray()) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, file + ": expected a JSON array of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw new RealizarException(ErrorCode.INVALID_ARGUMENT, file + ": element " + i + " is not a string");
            }
            out.add(node.get(i).asText());
        }
        return out;
    }
}
