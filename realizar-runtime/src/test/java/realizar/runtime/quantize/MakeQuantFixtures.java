package realizar.runtime.quantize;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import realizar.api.format.FormatReader;
import realizar.api.format.Metadata;
import realizar.api.format.ModelFile;
import realizar.api.format.ProgressListener;
import realizar.api.format.Tensor;
import realizar.api.format.TensorInfo;
import realizar.api.format.TensorSource;
import realizar.api.format.TensorType;

/**
 * Makes the vendored quantization fixtures in {@code src/test/resources/quant/} from the shared ones. Not a test; run
 * by hand after {@code mvn -o -pl realizar-runtime -am test-compile}, on the class path: {@code realizar-runtime/target/
 * {classes,test-classes}}, {@code realizar-api/target/classes}, {@code plugin-format-gguf/target/classes} and the
 * Jackson jars, with the arguments {@code ../shared/fixtures/quant realizar-runtime/src/test/resources/quant}.
 *
 * <ul>
 *   <li>{@code qrand-slices.gguf}: two tensors of {@code qrand-F32.gguf} ({@code blk.0.attn_q}, 256×256, and
 *       {@code blk.1.ffn_down}, rows of 512) stored as BF16, which holds them exactly (the generator rounded every
 *       weight to bfloat16), named {@code src.<tensor>}; and llama-quantize's bytes of the same tensors in each pure
 *       file, named {@code <TYPE>.<tensor>}.</li>
 *   <li>{@code qrand-recipes.json}: the qrand tensors (name, type, dims) and, per llama-quantize file, its arguments
 *       and the type of every tensor, from {@code manifest.json}.</li>
 * </ul>
 */
final class MakeQuantFixtures {
    static final String[] TENSORS = {"blk.0.attn_q.weight", "blk.1.ffn_down.weight"};

    private MakeQuantFixtures() {
    }

    public static void main(String[] args) throws IOException {
        Path shared = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        FormatReader gguf = ServiceLoader.load(FormatReader.class).stream().map(ServiceLoader.Provider::get)
                .filter(r -> r.name().equals("gguf")).findFirst().orElseThrow();
        JsonNode manifest = new ObjectMapper().readTree(shared.resolve("manifest.json").toFile());
        List<ModelFile> open = new ArrayList<>();
        List<TensorSource> tensors = new ArrayList<>();
        try {
            ModelFile src = gguf.open(shared.resolve("models/qrand-F32.gguf"));
            open.add(src);
            for (String name : TENSORS) {
                Tensor t = src.tensor(name);
                float[] values = QuantCompare.floats(t);
                byte[] bf16 = new byte[values.length * 2];
                new FloatQuantizer(TensorType.BF16).quantize(values, 0, values.length, bf16, 0);
                for (int i = 0; i < values.length; i++) {
                    int bits = (bf16[2 * i] & 0xFF | (bf16[2 * i + 1] & 0xFF) << 8) << 16;
                    if (Float.intBitsToFloat(bits) != values[i]) {
                        throw new IllegalStateException(name + "[" + i + "] is not a bfloat16 value");
                    }
                }
                tensors.add(TensorSource.of("src." + name, TensorType.BF16, t.info().dims(), MemorySegment.ofArray(bf16)));
            }
            Map<String, Object> recipes = new LinkedHashMap<>();
            List<Object> model = new ArrayList<>();
            for (TensorInfo t : src.tensors()) {
                model.add(Map.of("name", t.name(), "type", t.type().name(), "dims", t.dims()));
            }
            recipes.put("source", "../shared/fixtures/quant/manifest.json (llama.cpp de3ff81), qrand-F32.gguf");
            recipes.put("hparams", manifest.get("source_model").get("hparams"));
            recipes.put("tensors", model);
            Map<String, Object> files = new LinkedHashMap<>();
            for (JsonNode f : manifest.get("files")) {
                if (!f.get("llama_quantize_args").isTextual()) {
                    continue;
                }
                String file = Path.of(f.get("file").asText()).getFileName().toString();
                Map<String, String> types = new LinkedHashMap<>();
                for (JsonNode t : f.get("tensors")) {
                    types.put(t.get("name").asText(), t.get("ggml_type").asText());
                }
                files.put(file, Map.of("llama_quantize_args", f.get("llama_quantize_args").asText(),
                        "general.file_type", f.get("general.file_type").asInt(), "tensor_types", types));
                boolean pure = f.get("pure").asBoolean();
                boolean single = pure || file.equals("qrand-F16.gguf");
                if (!single) {
                    continue;
                }
                ModelFile q = gguf.open(shared.resolve("models").resolve(file));
                open.add(q);
                for (String name : TENSORS) {
                    Tensor t = q.tensor(name);
                    if (t.type() == TensorType.F16 && name.contains("ffn_down")) {
                        continue; // keep the vendored size down; attn_q covers F16
                    }
                    tensors.add(TensorSource.of(t.type() + "." + name, t.type(), t.info().dims(), t.data()));
                }
            }
            recipes.put("files", files);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("general.description", "slices of the shared qrand quantization fixtures; see MakeQuantFixtures");
            gguf.write(out.resolve("qrand-slices.gguf"), new Metadata(meta), tensors, ProgressListener.NONE);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("qrand-recipes.json").toFile(), recipes);
        } finally {
            open.forEach(ModelFile::close);
        }
    }
}
