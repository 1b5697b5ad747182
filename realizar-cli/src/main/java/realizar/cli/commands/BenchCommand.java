package realizar.cli.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.runtime.LoadedModel;
import realizar.runtime.ModelOptions;
import realizar.runtime.Realizar;
import realizar.runtime.generate.GenerationRequest;
import realizar.runtime.generate.GenerationResult;
import realizar.runtime.generate.TokenListener;
import realizar.runtime.model.KvType;
import realizar.runtime.quantize.SynthPreset;
import realizar.runtime.quantize.SyntheticModel;
import realizar.runtime.sampling.SamplingParams;

/** {@code realizar bench}: prefill and decode speed. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure prefill and decode speed in tokens per second (median of --reps runs).",
                "A prompt of -p random token ids, then -n greedy tokens (EOS ignored), once to warm up and then --reps times; the medians are reported, like llama-bench's pp/tg.",
                "--synthetic PRESET:TYPE benchmarks a random-weight model of a real shape (see 'realizar synth'),",
                "made once and cached in --cache-dir."},
        footer = {"", "Examples:",
                "  realizar bench model.gguf -p 128 -n 64 --threads 2",
                "  realizar bench --synthetic llama-3.2-1b:Q4_0 -p 128 -n 32 --reps 3 --json"})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final class Target {
        @Parameters(index = "0", paramLabel = "MODEL", description = "Model file.")
        Path model;

        @Option(names = "--synthetic", paramLabel = "PRESET:TYPE", description = "A random-weight model of a preset's shape, e.g. llama-3.2-1b:Q4_K_M.")
        String synthetic;
    }

    @ArgGroup(multiplicity = "1")
    Target target;

    @Option(names = {"-p", "--prompt-tokens"}, paramLabel = "N", defaultValue = "128", description = "Prompt tokens to prefill (default: ${DEFAULT-VALUE}).")
    int promptTokens;

    @Option(names = {"-n", "--decode-tokens"}, paramLabel = "N", defaultValue = "64", description = "Tokens to decode (default: ${DEFAULT-VALUE}).")
    int decodeTokens;

    @Option(names = "--reps", paramLabel = "N", defaultValue = "3", description = "Measured runs after the warm-up (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--kv-type", paramLabel = "TYPE", defaultValue = "f16", description = "KV cache precision: f32, f16 or q8_0 (default: ${DEFAULT-VALUE}).")
    String kvType;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Where synthetic models are kept (default: ~/.cache/realizar/synth).")
    Path cacheDir;

    @Option(names = "--vocab", paramLabel = "VOCAB.gguf", description = "With --synthetic: copy this file's tokenizer into the model.")
    Path vocab;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed of the synthetic weights and the prompt ids (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print {\"model\", \"threads\", \"prefill_tok_s\", \"decode_tok_s\", \"runs\"}.")
    boolean json;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() {
        if (promptTokens < 1 || decodeTokens < 1 || reps < 1) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "-p, -n and --reps must be at least 1");
        }
        var err = spec.commandLine().getErr();
        try (Realizar realizar = Realizar.create(runtime.toOptions())) {
            Path model = target.model != null ? target.model : synthetic(realizar);
            String name = target.model != null ? target.model.toString() : SynthPreset.Spec.parse(target.synthetic).toString();
            ModelOptions options = new ModelOptions(null, promptTokens + decodeTokens + 1, KvType.parse(kvType), 512);
            try (LoadedModel loaded = realizar.load(model, options)) {
                int vocab = loaded.model().vocabSize();
                SplittableRandom random = new SplittableRandom(seed);
                int[] prompt = random.ints(promptTokens, 0, vocab).toArray();
                // maxTokens = n + 1: the first token comes from the prefill's logits, then n decode passes.
                GenerationRequest request = new GenerationRequest(prompt, decodeTokens + 1, SamplingParams.greedy(), List.of(), 0, true);
                loaded.generate(request, List.of(), TokenListener.NONE); // warm-up: JIT, caches, page faults
                List<Map<String, Object>> runs = new ArrayList<>();
                double[] prefill = new double[reps];
                double[] decode = new double[reps];
                for (int i = 0; i < reps; i++) {
                    GenerationResult r = loaded.generate(request, List.of(), TokenListener.NONE);
                    prefill[i] = r.timings().prefillTokensPerSecond();
                    decode[i] = r.timings().decodeTokensPerSecond();
                    Map<String, Object> run = new LinkedHashMap<>();
                    run.put("prefill_tok_s", prefill[i]);
                    run.put("decode_tok_s", decode[i]);
                    run.put("prompt_tokens", r.timings().promptTokens());
                    run.put("decode_tokens", r.timings().decodedTokens());
                    run.put("prefill_ms", r.timings().prefillMs());
                    run.put("decode_ms", r.timings().decodeMs());
                    runs.add(run);
                    if (!json) {
                        err.printf("run %d/%d: prefill %.2f tok/s, decode %.2f tok/s%n", i + 1, reps, prefill[i], decode[i]);
                    }
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("model", name);
                m.put("threads", realizar.device().info().threads());
                m.put("prefill_tok_s", median(prefill));
                m.put("decode_tok_s", median(decode));
                m.put("runs", runs);
                m.put("backend", realizar.backendName());
                m.put("prompt_tokens", promptTokens);
                m.put("decode_tokens", decodeTokens);
                m.put("load_ms", loaded.loadMillis());
                if (json) {
                    Json.print(spec.commandLine().getOut(), m);
                } else {
                    spec.commandLine().getOut().printf("%s on %s, %d threads: prefill %.2f tok/s (pp%d), decode %.2f tok/s (tg%d), median of %d%n",
                            name, realizar.backendName(), realizar.device().info().threads(), median(prefill), promptTokens,
                            median(decode), decodeTokens, reps);
                }
            }
        }
        return 0;
    }

    /** The cached synthetic model, made on first use. */
    private Path synthetic(Realizar realizar) {
        SynthPreset.Spec s = SynthPreset.Spec.parse(target.synthetic);
        Path dir = cacheDir != null ? cacheDir : Path.of(System.getProperty("user.home"), ".cache", "realizar", "synth");
        String vocabTag = vocab == null ? "" : "-" + vocab.getFileName().toString().replaceAll("\\.gguf$", "");
        Path file = dir.resolve(s.preset().name() + "-" + s.mix().name() + "-s" + seed + vocabTag + "-v1.gguf");
        if (Files.isRegularFile(file)) {
            return file;
        }
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new RealizarException(ErrorCode.IO_ERROR, "cannot create the cache folder " + dir + ": " + e.getMessage(), e);
        }
        var err = spec.commandLine().getErr();
        ProgressBar bar = ProgressBar.onTerminal(err, "synth " + s);
        SyntheticModel.Result r;
        try {
            r = SyntheticModel.write(realizar, s.preset(), s.mix(), file, vocab, seed, false, runtime.threads, bar);
        } finally {
            bar.finish();
        }
        err.printf("made %s (%,d bytes) in %.1f s%n", file, r.bytes(), r.seconds());
        return file;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
