package realizar.cli.commands;

import java.nio.file.Path;
import java.util.ArrayList;
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
import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.runtime.LoadedModel;
import realizar.runtime.ModelOptions;
import realizar.runtime.Realizar;
import realizar.runtime.generate.GenerationRequest;
import realizar.runtime.generate.GenerationResult;
import realizar.runtime.generate.TokenListener;
import realizar.runtime.generate.TokenLogprob;
import realizar.runtime.grammar.Grammar;
import realizar.runtime.sampling.LogitProcessor;
import realizar.runtime.model.KvType;
import realizar.runtime.sampling.SamplingParams;

/** {@code realizar run}: generate text from a prompt. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate text from a prompt.",
                "Temperature 0 is greedy (the most likely token each step). BOS is added as the model's metadata says,",
                "unless --no-bos; with --prompt-ids the ids are used exactly as given. Text streams to stdout;",
                "with --json one JSON object is printed at the end instead."},
        footer = {"", "Examples:",
                "  realizar run model.gguf \"Once upon a time\" -n 48 --temperature 0",
                "  realizar run model.gguf --prompt-ids 1,403,407 -n 8 --temperature 0 --logprobs 5 --json",
                "  realizar run model.gguf \"Tell me\" --temperature 0.7 --top-p 0.9 --seed 42 --stop \".\""})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file (GGUF); the format is recognised by its magic bytes.")
    Path model;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PROMPT", description = "Prompt text.")
    String prompt;

    @Option(names = "--prompt-ids", split = ",", paramLabel = "ID", description = "The prompt as comma-separated token ids, used as given (no BOS added).")
    List<Integer> promptIds;

    @Option(names = {"-n", "--max-tokens"}, paramLabel = "N", defaultValue = "128", description = "Tokens to generate at most (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.8", description = "Sampling temperature; 0 = greedy (default: ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "40", description = "Keep the K most likely tokens; 0 = all (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "0.95", description = "Nucleus sampling: keep the smallest set with probability >= P (default: ${DEFAULT-VALUE}).")
    float topP;

    @Option(names = "--min-p", paramLabel = "P", defaultValue = "0.05", description = "Drop tokens less likely than P x the most likely one (default: ${DEFAULT-VALUE}).")
    float minP;

    @Option(names = "--repeat-penalty", paramLabel = "R", defaultValue = "1.0", description = "Penalise tokens seen in the last 64; 1 = off (default: ${DEFAULT-VALUE}).")
    float repeatPenalty;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed; the same seed gives the same output (default: random).")
    Long seed;

    @Option(names = "--logprobs", paramLabel = "K", defaultValue = "0", description = "Report the K most likely tokens at each step (natural-log probabilities at temperature 1).")
    int logprobs;

    @Option(names = "--kv-type", paramLabel = "TYPE", defaultValue = "f16", description = "KV cache precision: f32, f16 or q8_0 (default: ${DEFAULT-VALUE}, as llama.cpp).")
    String kvType;

    @Option(names = "--ctx", paramLabel = "N", defaultValue = "0", description = "Context length; 0 = the model's, at most " + ModelOptions.DEFAULT_MAX_CONTEXT + ".")
    int ctx;

    @Option(names = "--no-bos", description = "Do not add the BOS token to a text prompt.")
    boolean noBos;

    @Option(names = "--stop", paramLabel = "STR", description = "Stop before this text appears (repeatable; may span tokens).")
    List<String> stop = new ArrayList<>();

    @Option(names = "--json-schema", paramLabel = "FILE", description = "Constrain the output to JSON valid against this JSON Schema.")
    Path jsonSchema;

    @Option(names = "--grammar", paramLabel = "FILE.gbnf", description = "Constrain the output to this grammar (llama.cpp's GBNF; root rule 'root').")
    Path grammar;

    @Option(names = "--ignore-eos", description = "Keep generating past end-of-generation tokens.")
    boolean ignoreEos;

    @Option(names = "--json", description = "Print one JSON object: prompt_ids, output_ids, text, top_logprobs, timings.")
    boolean json;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() {
        if ((prompt == null) == (promptIds == null)) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "give either a PROMPT or --prompt-ids (exactly one)");
        }
        ModelOptions options = new ModelOptions(runtime.format, ctx, KvType.parse(kvType), 512);
        try (Realizar realizar = Realizar.create(runtime.toOptions());
             LoadedModel loaded = realizar.load(model, options)) {
            int[] ids = promptIds != null ? promptIds.stream().mapToInt(Integer::intValue).toArray()
                    : loaded.tokenize(prompt, !noBos, false);
            long usedSeed = seed != null ? seed : System.nanoTime();
            SamplingParams sampling = new SamplingParams(temperature, topK, topP, minP, repeatPenalty, 64, 0f, 0f, usedSeed, null);
            GenerationRequest request = new GenerationRequest(ids, maxTokens, sampling, stop, logprobs, ignoreEos);
            var out = spec.commandLine().getOut();
            TokenListener listener = json ? TokenListener.NONE : (id, delta) -> {
                out.print(delta);
                out.flush();
            };
            List<LogitProcessor> processors = new ArrayList<>();
            Grammar constraint = grammar();
            if (constraint != null) {
                processors.add(loaded.constrainTo(constraint));
            }
            GenerationResult result = loaded.generate(request, processors, listener);
            if (json) {
                Json.print(out, toJson(ids, result, loaded.loadMillis(), usedSeed));
            } else {
                out.println();
                spec.commandLine().getErr().printf("[%d prompt tokens, %.1f tok/s prefill; %d generated, %.1f tok/s decode; stop: %s]%n",
                        ids.length, result.timings().prefillTokensPerSecond(), result.outputIds().length,
                        result.timings().decodeTokensPerSecond(), result.stopReason().name().toLowerCase());
            }
        }
        return 0;
    }

    private Grammar grammar() {
        if (jsonSchema != null && grammar != null) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "give --json-schema or --grammar, not both");
        }
        if (jsonSchema != null) {
            return Grammar.fromJsonSchema(read(jsonSchema));
        }
        return grammar != null ? Grammar.parse(read(grammar)) : null;
    }

    private static String read(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new RealizarException(ErrorCode.NOT_FOUND, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private Map<String, Object> toJson(int[] ids, GenerationResult r, double loadMs, long usedSeed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prompt_ids", ids);
        m.put("output_ids", r.outputIds());
        m.put("text", r.text());
        if (logprobs > 0) {
            List<List<Map<String, Object>>> steps = new ArrayList<>();
            for (List<TokenLogprob> step : r.topLogprobs()) {
                List<Map<String, Object>> s = new ArrayList<>();
                for (TokenLogprob t : step) {
                    s.add(Map.of("id", t.id(), "logprob", t.logprob()));
                }
                steps.add(s);
            }
            m.put("top_logprobs", steps);
        }
        m.put("stop_reason", r.stopReason().name().toLowerCase());
        m.put("seed", usedSeed);
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("load_ms", loadMs);
        timings.put("prefill_tok_s", r.timings().prefillTokensPerSecond());
        timings.put("decode_tok_s", r.timings().decodeTokensPerSecond());
        timings.put("prompt_tokens", r.timings().promptTokens());
        timings.put("prefill_ms", r.timings().prefillMs());
        timings.put("decode_ms", r.timings().decodeMs());
        m.put("timings", timings);
        return m;
    }
}
