package realizar.runtime.quantize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.FormatReader;
import realizar.api.format.Metadata;
import realizar.api.format.ProgressListener;
import realizar.runtime.plugin.PluginRegistry;

/** Writes a GGUF file through the {@code gguf} format plugin, encoding tensors in parallel. */
final class GgufOutput {
    /** GGML_QNT_VERSION, written as {@code general.quantization_version}. */
    static final int QUANTIZATION_VERSION = 2;
    private static final String VALUE_TYPES = "GGUF.value_types";

    private GgufOutput() {
    }

    static FormatReader writer(PluginRegistry plugins) {
        FormatReader gguf = plugins.find(FormatReader.class, "gguf").orElseThrow(() -> new RealizarException(
                ErrorCode.UNSUPPORTED_OPERATION, "no 'gguf' format plugin is installed, so GGUF files cannot be written"));
        if (!gguf.supportsWriting()) {
            throw new RealizarException(ErrorCode.UNSUPPORTED_OPERATION, "the installed 'gguf' format plugin cannot write files");
        }
        return gguf;
    }

    /**
     * Sets {@code key} to an unsigned 32-bit value, as {@code gguf_set_val_u32} does: any old entry is removed and the
     * key goes last.
     */
    static void putUint32(Map<String, Object> metadata, String key, long value) {
        metadata.remove(key);
        metadata.put(key, value);
        List<String> types = new ArrayList<>();
        if (metadata.get(VALUE_TYPES) instanceof List<?> old) {
            for (Object o : old) {
                if (!String.valueOf(o).startsWith(key + "=")) {
                    types.add(String.valueOf(o));
                }
            }
        }
        types.add(key + "=uint32");
        metadata.put(VALUE_TYPES, types);
    }

    /** Writes {@code tensors} after {@code metadata} to {@code out} (atomically) and returns the file's size. */
    static long write(PluginRegistry plugins, Path out, Map<String, Object> metadata, List<OutputTensor> tensors,
                      int threads, ProgressListener progress) {
        FormatReader gguf = writer(plugins);
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new RealizarException(ErrorCode.NOT_FOUND, "folder " + dir + " does not exist (writing " + out + ")");
        }
        try (ParallelEncoder encoder = new ParallelEncoder(tensors, threads, progress)) {
            gguf.write(out, new Metadata(new LinkedHashMap<>(metadata)), encoder.sources(), ProgressListener.NONE);
        }
        try {
            return Files.size(out);
        } catch (java.io.IOException e) {
            throw new RealizarException(ErrorCode.IO_ERROR, "cannot read the size of " + out + ": " + e.getMessage(), e);
        }
    }
}
