package realizar.runtime.testing;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import realizar.api.backend.ComputeDevice;
import realizar.api.format.Metadata;
import realizar.api.format.ModelFile;
import realizar.api.format.ProgressListener;
import realizar.api.format.Tensor;
import realizar.api.format.TensorSource;
import realizar.api.format.TensorType;

/** Writes a modified copy of a GGUF model with the GGUF plugin: extra metadata, some tensors replaced. */
public final class GgufRewriter {
    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private GgufRewriter() {
    }

    /**
     * Copies {@code in} to {@code out} with {@code extraMetadata} added (or replaced) and each tensor passed through
     * {@code replace}, which returns the source to write (or {@code TensorSource.of(tensor)} to keep it).
     */
    public static void rewrite(ModelFile in, Path out, Map<String, Object> extraMetadata,
                               BiFunction<ModelFile, Tensor, TensorSource> replace) {
        Map<String, Object> meta = new LinkedHashMap<>(in.metadata().asMap());
        meta.putAll(extraMetadata);
        List<TensorSource> tensors = new ArrayList<>();
        in.tensors().forEach(info -> tensors.add(replace.apply(in, in.tensor(info.name()))));
        TestModels.gguf().write(out, new Metadata(meta), tensors, ProgressListener.NONE);
    }

    /** The tensor decoded to float32 (its values exactly, whatever its type). */
    public static float[] decode(ComputeDevice device, Tensor t) {
        float[] values = new float[Math.toIntExact(t.info().elementCount())];
        device.dequantize(t, 0, values, 0, values.length);
        return values;
    }

    /** A float32 tensor source named and shaped like {@code t} holding {@code values}. */
    public static TensorSource f32(Tensor t, float[] values) {
        return TensorSource.of(t.name(), TensorType.F32, t.info().dims(),
                target -> MemorySegment.copy(values, 0, target, F32_LE, 0, values.length));
    }
}
