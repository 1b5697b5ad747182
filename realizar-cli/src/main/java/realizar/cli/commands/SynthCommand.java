package realizar.cli.commands;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import realizar.runtime.Realizar;
import realizar.runtime.quantize.SynthPreset;
import realizar.runtime.quantize.SyntheticModel;

/** {@code realizar synth}: a random-weight model of a real shape, for benchmarks. */
@Command(name = "synth", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a random-weight llama model of a real architecture's shape, for benchmarks.",
                "Weights are generated and quantized in parallel straight into TYPE (the recipe of 'realizar quantize').",
                "Presets: llama-3.2-1b, llama-3.2-3b, tinyllama-1.1b, tiny. The tokenizer is copied from --vocab",
                "(e.g. a llama.cpp ggml-vocab-*.gguf), or a made-up SentencePiece vocabulary that llama.cpp loads."},
        footer = {"", "Examples:",
                "  realizar synth llama-3.2-1b:Q4_K_M /tmp/llama-1b-q4km.gguf --vocab ggml-vocab-llama-bpe.gguf",
                "  realizar synth tinyllama-1.1b:Q8_0 /tmp/tinyllama-q8.gguf --seed 7 --json"})
public final class SynthCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PRESET:TYPE", description = "Shape and quantization type, e.g. llama-3.2-1b:Q4_0.")
    String presetType;

    @Parameters(index = "1", paramLabel = "OUT", description = "GGUF file to write (replaced if it exists).")
    Path out;

    @Option(names = "--vocab", paramLabel = "VOCAB.gguf", description = "Copy the tokenizer (tokenizer.* keys) from this GGUF file.")
    Path vocab;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--pure", description = "Every matrix in TYPE's own type (as llama-quantize --pure).")
    boolean pure;

    @Option(names = "--json", description = "Print {\"out\", \"preset\", \"type\", \"bytes\", \"seconds\"}.")
    boolean json;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() {
        SynthPreset.Spec s = SynthPreset.Spec.parse(presetType);
        ProgressBar bar = ProgressBar.onTerminal(spec.commandLine().getErr(), "synth " + s);
        SyntheticModel.Result r;
        try (Realizar realizar = Realizar.create(runtime.toOptions())) {
            r = SyntheticModel.write(realizar, s.preset(), s.mix(), out, vocab, seed, pure, runtime.threads, bar);
        } finally {
            bar.finish();
        }
        if (json) {
            Json.print(spec.commandLine().getOut(), toJson(r));
        } else {
            spec.commandLine().getOut().printf("wrote %s (%s:%s, %,d bytes) in %.1f s%n", r.out(), r.preset().name(), r.mix(),
                    r.bytes(), r.seconds());
        }
        return 0;
    }

    static Map<String, Object> toJson(SyntheticModel.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("out", r.out().toString());
        m.put("preset", r.preset().name());
        m.put("type", r.mix().name());
        m.put("bytes", r.bytes());
        m.put("seconds", r.seconds());
        return m;
    }
}
