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
import realizar.runtime.quantize.ModelQuantizer;
import realizar.runtime.quantize.QuantMix;

/** {@code realizar quantize}: requantize a model as llama-quantize does. */
@Command(name = "quantize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Requantize a model to GGUF (Q4_0 … Q6_K, Q4_K_M mixes, F16, BF16), as llama-quantize does.",
                "Without an importance matrix, llama.cpp's way: the same reference quantizers (byte-identical output from F32 sources), the same per-tensor recipe",
                "for mixes such as Q4_K_M (output/embeddings Q6_K, attn_v and ffn_down promoted on some layers), norms",
                "and other 1-D tensors kept as they are. Sources: F32/F16/BF16, or quantized (dequantized first).",
                "TYPE: F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q2_K, Q3_K_S, Q3_K_M, Q3_K_L, Q4_K_S, Q4_K_M,",
                "Q5_K_S, Q5_K_M, Q6_K. The file is written to a temporary name and renamed."},
        footer = {"", "Examples:",
                "  realizar quantize model-f16.gguf model-q4_k_m.gguf Q4_K_M",
                "  realizar quantize model-f32.gguf model-q8_0.gguf Q8_0 --pure --json"})
public final class QuantizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "Source model.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "GGUF file to write (replaced if it exists).")
    Path out;

    @Parameters(index = "2", paramLabel = "TYPE", description = "Quantization type, as llama-quantize names it.")
    String type;

    @Option(names = "--pure", description = "Every matrix in TYPE's own type: no output/attn_v/ffn_down promotions (llama-quantize --pure).")
    boolean pure;

    @Option(names = "--json", description = "Print {\"out\", \"type\", \"bytes\", \"seconds\"}.")
    boolean json;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() {
        QuantMix mix = QuantMix.parse(type);
        var err = spec.commandLine().getErr();
        ProgressBar bar = ProgressBar.onTerminal(err, "quantize " + mix);
        ModelQuantizer.Result r;
        try (Realizar realizar = Realizar.create(runtime.toOptions())) {
            r = ModelQuantizer.quantize(realizar, in, out, mix, pure, runtime.threads, bar);
        } finally {
            bar.finish();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("out", r.out().toString());
        m.put("type", r.mix().name());
        m.put("bytes", r.bytes());
        m.put("seconds", r.seconds());
        if (json) {
            Json.print(spec.commandLine().getOut(), m);
        } else {
            spec.commandLine().getOut().printf("wrote %s (%s, %,d bytes) in %.1f s%n", r.out(), r.mix(), r.bytes(), r.seconds());
        }
        return 0;
    }
}
