package realizar.runtime.quantize;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import realizar.api.backend.ComputeDevice;
import realizar.api.format.Metadata;
import realizar.api.format.ModelFile;
import realizar.api.format.ProgressListener;
import realizar.api.format.Tensor;
import realizar.api.format.TensorInfo;
import realizar.api.format.TensorType;
import realizar.runtime.Realizar;

/**
 * {@code realizar quantize}: rewrites a model as GGUF with the tensor types of a {@link QuantMix}, as
 * {@code llama-quantize [--pure] IN OUT TYPE} does without an importance matrix: the same tensor order, per-tensor
 * types, metadata ({@code general.file_type}, {@code general.quantization_version}) and, for F32 sources, the same
 * bytes. Sources in other types are decoded to float32 first (quantized ones through the compute device).
 */
public final class ModelQuantizer {
    /** What was written: the file, its size, how long it took, and the type each tensor got. */
    public record Result(Path out, QuantMix mix, long bytes, double seconds, Map<String, TensorType> tensorTypes) {
    }

    private ModelQuantizer() {
    }

    /**
     * Quantizes {@code in} to {@code out} (written atomically).
     *
     * @param threads  encoder threads; 0 = one per core
     * @param progress told how many bytes of tensor data are done (on the calling thread)
     */
    public static Result quantize(Realizar realizar, Path in, Path out, QuantMix mix, boolean pure, int threads,
                                  ProgressListener progress) {
        long start = System.nanoTime();
        GgufOutput.writer(realizar.plugins()); // fail before reading anything when GGUF cannot be written
        try (ModelFile src = realizar.open(in, null)) {
            List<TensorInfo> infos = new ArrayList<>(src.tensors());
            infos.sort((a, b) -> LlamaTensorOrder.BY_NAME.compare(a.name(), b.name()));
            List<TensorTypeRecipe.Entry> entries = infos.stream()
                    .map(t -> new TensorTypeRecipe.Entry(t.name(), t.type(), t.dims())).toList();
            List<TensorType> types = TensorTypeRecipe.plan(entries, mix, pure, shapeOf(src.metadata()));

            Supplier<ComputeDevice> device = realizar::device;
            List<OutputTensor> tensors = new ArrayList<>();
            Map<String, TensorType> chosen = new LinkedHashMap<>();
            for (int i = 0; i < infos.size(); i++) {
                TensorInfo info = infos.get(i);
                Tensor tensor = src.tensor(info.name());
                TensorType type = types.get(i);
                chosen.put(info.name(), type);
                tensors.add(type == info.type()
                        ? OutputTensor.copy(info.name(), type, info.dims(), tensor.data())
                        : OutputTensor.encode(info.name(), type, info.dims(), SourceValues.of(tensor, device)));
            }
            Map<String, Object> metadata = new LinkedHashMap<>(src.metadata().asMap());
            metadata.keySet().removeIf(k -> k.equals("split.no") || k.equals("split.count") || k.equals("split.tensors.count"));
            GgufOutput.putUint32(metadata, "general.quantization_version", GgufOutput.QUANTIZATION_VERSION);
            GgufOutput.putUint32(metadata, "general.file_type", mix.fileType());
            long bytes = GgufOutput.write(realizar.plugins(), out, metadata, tensors, threads, progress);
            return new Result(out, mix, bytes, (System.nanoTime() - start) / 1e9, chosen);
        }
    }

    /** The facts {@link TensorTypeRecipe} needs, read as llama.cpp's hparams loader reads them. */
    static TensorTypeRecipe.ModelShape shapeOf(Metadata m) {
        String arch = m.findString("general.architecture").orElse("llama");
        int layers = intOf(m, arch + ".block_count", 0);
        int heads = intOf(m, arch + ".attention.head_count", 1);
        int kvHeads = intOf(m, arch + ".attention.head_count_kv", heads);
        int experts = intOf(m, arch + ".expert_count", 0);
        return new TensorTypeRecipe.ModelShape(arch, layers, heads, kvHeads, experts);
    }

    /** A count that may be stored per layer as an array (the first layer's value is used, as for n_gqa()). */
    private static int intOf(Metadata m, String key, int fallback) {
        Object v = m.get(key).orElse(null);
        if (v instanceof Number n) {
            return n.intValue();
        }
        if (v instanceof int[] a && a.length > 0) {
            return a[0];
        }
        if (v instanceof long[] a && a.length > 0) {
            return (int) a[0];
        }
        return fallback;
    }
}
