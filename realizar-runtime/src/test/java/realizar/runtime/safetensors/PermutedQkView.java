package realizar.runtime.safetensors;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import realizar.api.format.Metadata;
import realizar.api.format.ModelFile;
import realizar.api.format.Tensor;
import realizar.api.format.TensorInfo;

/**
 * A test-only view of a Hugging Face llama folder with its Q/K rows permuted as convert_hf_to_gguf.py's
 * {@code LlamaModel.permute} does, so that the llama architecture's NORMAL rope can run it before the runtime reads
 * {@code realizar.rope.neox}. Within each head of {@code headDim} rows, GGUF row {@code 2i + two} is HF row
 * {@code two·headDim/2 + i}. The permuted copies live in an arena closed with the view.
 */
final class PermutedQkView implements ModelFile {
    private final ModelFile hf;
    private final int headDim;
    private final Arena arena = Arena.ofShared();

    PermutedQkView(ModelFile hf) {
        this.hf = hf;
        Metadata m = hf.metadata();
        String arch = m.getString("general.architecture");
        this.headDim = m.getInt(arch + ".embedding_length") / m.getInt(arch + ".attention.head_count");
    }

    @Override
    public String format() {
        return hf.format();
    }

    @Override
    public Path path() {
        return hf.path();
    }

    @Override
    public Metadata metadata() {
        return hf.metadata();
    }

    @Override
    public List<TensorInfo> tensors() {
        return hf.tensors();
    }

    @Override
    public Optional<Tensor> findTensor(String name) {
        Optional<Tensor> t = hf.findTensor(name);
        if (t.isEmpty() || !(name.endsWith(".attn_q.weight") || name.endsWith(".attn_k.weight"))) {
            return t;
        }
        TensorInfo info = t.get().info();
        long rowBytes = info.byteSize() / info.rowCount();
        MemorySegment out = arena.allocate(info.byteSize());
        for (int r = 0; r < info.rowCount(); r++) {
            int head = r / headDim;
            int j = r % headDim;
            int hfRow = head * headDim + (j % 2) * (headDim / 2) + j / 2;
            out.asSlice(r * rowBytes, rowBytes).copyFrom(t.get().data().asSlice(hfRow * rowBytes, rowBytes));
        }
        return Optional.of(new Tensor(info, out.asReadOnly()));
    }

    @Override
    public void close() {
        arena.close();
        hf.close();
    }
}
