package realizar.format.gguf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
 * An open GGUF file: one read-only mapping of the whole file, tensors are slices of it.
 *
 * <p>Besides the file's own keys, its {@link Metadata} has two entries the header holds outside the key/value list:
 * {@value #VERSION_KEY} (the GGUF version, an Integer) and {@value #VALUE_TYPES_KEY}, a {@code List<String>} of
 * {@code "key=type"} entries giving every key's exact GGUF type ({@code general.file_type=uint32},
 * {@code tokenizer.ggml.token_type=array[int32]}). The writer skips both keys and uses the type list, so metadata copied
 * from this file is written back with the types it had (see {@link GgufMetadataTypes}).
 */
final class GgufModelFile implements ModelFile {
    static final String VERSION_KEY = "GGUF.version";
    static final String VALUE_TYPES_KEY = "GGUF.value_types";

    private final Path path;
    private final Arena arena;
    private final MemorySegment mapping;
    private final GgufParser.Header header;
    private final Metadata metadata;
    private final Map<String, TensorInfo> byName = new LinkedHashMap<>();

    GgufModelFile(Path path, Arena arena, MemorySegment mapping, GgufParser.Header header) {
        this.path = path;
        this.arena = arena;
        this.mapping = mapping;
        this.header = header;
        Map<String, Object> meta = new LinkedHashMap<>(header.metadata());
        // The version is a header field, not a key; expose it the way llama.cpp's tools print it.
        meta.putIfAbsent(VERSION_KEY, header.version());
        List<String> types = new ArrayList<>(header.types().size());
        header.types().forEach((key, type) -> types.add(key + "=" + type));
        meta.putIfAbsent(VALUE_TYPES_KEY, List.copyOf(types));
        this.metadata = new Metadata(meta);
        for (TensorInfo t : header.tensors()) {
            byName.put(t.name(), t);
        }
    }

    @Override
    public String format() {
        return GgufFormatReader.NAME;
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
        return header.tensors();
    }

    /** The GGUF version (1, 2 or 3). */
    int version() {
        return header.version();
    }

    /** Absolute offset of the tensor data section. */
    long dataOffset() {
        return header.dataOffset();
    }

    @Override
    public Optional<Tensor> findTensor(String name) {
        TensorInfo info = byName.get(name);
        if (info == null) {
            return Optional.empty();
        }
        return Optional.of(new Tensor(info, mapping.asSlice(info.dataOffset(), info.byteSize()).asReadOnly()));
    }

    @Override
    public synchronized void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
