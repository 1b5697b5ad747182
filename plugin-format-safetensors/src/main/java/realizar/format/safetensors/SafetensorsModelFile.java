package realizar.format.safetensors;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import realizar.api.format.Metadata;
import realizar.api.format.ModelFile;
import realizar.api.format.Tensor;
import realizar.api.format.TensorInfo;

/**
 * An open safetensors file or Hugging Face folder: one read-only mapping per file, all owned by one shared
 * {@link Arena} that {@link #close()} releases. Tensors are read-only slices of those mappings; the few derived
 * tensors a folder view computes (see the plugin README) live off-heap in the same arena.
 *
 * <p>{@link TensorInfo#dataOffset()} is the byte offset inside the tensor's own file (a shard for a sharded folder;
 * -1 for a derived tensor).
 */
final class SafetensorsModelFile implements ModelFile {
    private final Path path;
    private final Arena arena;
    private final Metadata metadata;
    private final List<TensorInfo> infos;
    private final Map<String, Tensor> byName;

    SafetensorsModelFile(Path path, Arena arena, Metadata metadata, Map<String, Tensor> tensors) {
        this.path = path;
        this.arena = arena;
        this.metadata = metadata;
        List<TensorInfo> list = new ArrayList<>(tensors.size());
        for (Tensor t : tensors.values()) {
            list.add(t.info());
        }
        this.infos = List.copyOf(list);
        this.byName = new LinkedHashMap<>(tensors);
    }

    @Override
    public String format() {
        return SafetensorsFormatReader.NAME;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public Metadata metadata() {
        return metadata;
    }

    @Override
    public List<TensorInfo> tensors() {
        return infos;
    }

    @Override
    public Optional<Tensor> findTensor(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public synchronized void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
