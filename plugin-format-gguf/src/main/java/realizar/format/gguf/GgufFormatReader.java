package realizar.format.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.SpiVersion;
import realizar.api.format.FormatReader;
import realizar.api.format.Metadata;
import realizar.api.format.ModelFile;
import realizar.api.format.ProgressListener;
import realizar.api.format.TensorSource;

/** Reads GGUF files (versions 1 to 3) through one read-only memory mapping, files of any size; writes GGUF v3. */
public final class GgufFormatReader implements FormatReader {
    static final String NAME = "gguf";

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
        return "GGUF v1-v3 (llama.cpp), memory-mapped; writes GGUF v3";
    }

    @Override
    public int probe(Path path, ByteBuffer head) {
        if (head.remaining() < 4) {
            return 0;
        }
        return head.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(head.position()) == GgufParser.MAGIC ? 100 : 0;
    }

    @Override
    public boolean supportsWriting() {
        return true;
    }

    /**
     * Writes a GGUF v3 file; see the plugin's README for the layout and how metadata value types are chosen.
     * Metadata from a GGUF file opened by this reader is written back with the exact types it had.
     */
    @Override
    public void write(Path out, Metadata metadata, List<? extends TensorSource> tensors, ProgressListener progress) {
        GgufFileWriter.write(out, metadata, tensors, progress);
    }

    @Override
    public ModelFile open(Path path) {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            GgufParser.Header header = GgufParser.parse(mapping, path.getFileName().toString());
            return new GgufModelFile(path, arena, mapping, header);
        } catch (NoSuchFileException e) {
            arena.close();
            throw new RealizarException(ErrorCode.NOT_FOUND, "model file not found: " + path);
        } catch (IOException e) {
            arena.close();
            throw new RealizarException(ErrorCode.IO_ERROR, "cannot read " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

}
