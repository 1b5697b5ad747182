package realizar.format.safetensors;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.Metadata;
import realizar.api.format.Tensor;
import realizar.api.format.TensorInfo;

/**
 * One safetensors file: a read-only mapping of the whole file (in the caller's arena) and its validated header.
 *
 * <p>Opened on its own (not as part of a folder), a file keeps its tensors' stored names; its metadata holds the
 * {@code __metadata__} strings under {@value #METADATA_PREFIX} and, under {@value #SKIPPED_KEY}, the tensors of a dtype
 * the api has no type for (U8, BOOL, U16/U32/U64, F8), which are listed but not offered.
 */
record SafetensorsFile(Path path, MemorySegment mapping, SafetensorsHeader header) {
    static final String METADATA_PREFIX = "safetensors.metadata.";
    static final String SKIPPED_KEY = "safetensors.skipped_tensors";

    static SafetensorsFile map(Path path, Arena arena) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            return new SafetensorsFile(path, mapping, SafetensorsHeader.parse(mapping, path.getFileName().toString()));
        } catch (NoSuchFileException e) {
            throw new RealizarException(ErrorCode.NOT_FOUND, "model file not found: " + path);
        } catch (IOException e) {
            throw new RealizarException(ErrorCode.IO_ERROR, "cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** The entry as an api tensor named {@code name}: dims in ggml order (the shape reversed), a read-only slice. */
    Tensor tensor(SafetensorsHeader.Entry e, String name) {
        long[] shape = e.shape();
        long[] dims = new long[Math.max(1, shape.length)];
        dims[0] = 1;                                   // a scalar is one element
        for (int i = 0; i < shape.length; i++) {
            dims[i] = shape[shape.length - 1 - i];
        }
        TensorInfo info = new TensorInfo(name, e.type(), dims, e.begin(), e.byteSize());
        return new Tensor(info, mapping.asSlice(e.begin(), e.byteSize()).asReadOnly());
    }

    /** A lone safetensors file, its tensors under their stored names. */
    static SafetensorsModelFile openAlone(Path path) {
        Arena arena = Arena.ofShared();
        try {
            SafetensorsFile file = map(path, arena);
            Map<String, Object> md = new LinkedHashMap<>();
            md.put("general.source.format", "safetensors");
            file.header().metadata().forEach((k, v) -> md.put(METADATA_PREFIX + k, v));
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            List<String> skipped = new ArrayList<>();
            for (SafetensorsHeader.Entry e : file.header().entries()) {
                if (e.type() == null) {
                    skipped.add(e.name() + " (" + e.dtype() + ")");
                } else {
                    tensors.put(e.name(), file.tensor(e, e.name()));
                }
            }
            if (!skipped.isEmpty()) {
                md.put(SKIPPED_KEY, List.copyOf(skipped));
            }
            return new SafetensorsModelFile(path, arena, new Metadata(md), tensors);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }
}
