package realizar.format.safetensors;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import realizar.api.SpiVersion;
import realizar.api.format.FormatReader;
import realizar.api.format.ModelFile;

/**
 * Reads {@code *.safetensors} files and Hugging Face model folders (config.json + safetensors weights, sharded or
 * not), memory-mapped. A folder — or a file inside a folder that has a {@code config.json} — is presented as the GGUF
 * convert_hf_to_gguf.py would write (metadata keys, tensor names, ggml dim order); a lone file keeps its tensor names.
 */
public final class SafetensorsFormatReader implements FormatReader {
    static final String NAME = "safetensors";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public String description() {
        return "SafeTensors files and Hugging Face model folders (llama, mistral, qwen2, qwen3, phi3, gemma, bert, nomic-bert), memory-mapped";
    }

    /** 100 for a file whose header starts as safetensors does; 90 for a folder with config.json and weights. */
    @Override
    public int probe(Path path, ByteBuffer head) {
        if (Files.isDirectory(path)) {
            return HfFolder.isModelFolder(path) ? 90 : 0;
        }
        return SafetensorsHeader.looksLikeSafetensors(head) ? 100 : 0;
    }

    @Override
    public ModelFile open(Path path) {
        if (Files.isDirectory(path)) {
            return HfFolder.open(path);
        }
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null && Files.isRegularFile(dir.resolve("config.json")) && HfFolder.weightFiles(dir, false).contains(dir.resolve(path.getFileName()))) {
            return HfFolder.open(dir);
        }
        return SafetensorsFile.openAlone(path);
    }
}
