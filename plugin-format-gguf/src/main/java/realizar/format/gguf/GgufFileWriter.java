package realizar.format.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.Metadata;
import realizar.api.format.ProgressListener;
import realizar.api.format.TensorSource;
import realizar.api.format.TensorType;

/**
 * Writes a GGUF v3 file the way llama.cpp lays one out: header, metadata, tensor infos, padding to the alignment, then
 * each tensor's data at the next aligned offset, in list order, the file ending padded too (a file without tensors ends
 * right after its header). Tensor data goes straight
 * into a read-write mapping of the output (no heap copies, any size). Atomic: a temporary file in the target's
 * directory is written, forced to disk and renamed over the target; on any failure it is deleted.
 */
final class GgufFileWriter {
    /** ggml's GGML_MAX_NAME: llama.cpp refuses tensor names of this many bytes or more. */
    static final int MAX_TENSOR_NAME_BYTES = 64;
    private static final int MAX_DIMS = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Planned(TensorSource source, String name, TensorType type, long[] dims, long offset, long bytes) {
    }

    private GgufFileWriter() {
    }

    static void write(Path out, Metadata metadata, List<? extends TensorSource> tensors, ProgressListener progress) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(tensors, "tensors");
        Objects.requireNonNull(progress, "progress");
        int alignment = alignment(metadata);
        List<Planned> plan = plan(tensors, alignment);

        GgufHeaderEncoder header = new GgufHeaderEncoder();
        Map<String, GgufType> tags = GgufMetadataTypes.tags(metadata);
        List<Map.Entry<String, Object>> entries = new ArrayList<>();
        for (Map.Entry<String, Object> e : metadata.asMap().entrySet()) {
            if (!e.getKey().equals(GgufModelFile.VERSION_KEY) && !e.getKey().equals(GgufModelFile.VALUE_TYPES_KEY)) {
                entries.add(e);
            }
        }
        header.header(plan.size(), entries.size());
        for (Map.Entry<String, Object> e : entries) {
            header.keyValue(e.getKey(), GgufMetadataTypes.choose(e.getKey(), e.getValue(), tags.get(e.getKey())), e.getValue());
        }
        for (Planned t : plan) {                                        // gguf_tensor_info_t
            header.string(t.name);
            header.u32(t.dims.length);
            for (long d : t.dims) {
                header.u64(d);
            }
            header.u32(t.type.ggmlId());
            header.u64(t.offset);
        }
        // A file without tensors ends right after its header, as the vocabulary-only files llama.cpp ships do.
        ByteBuffer headerBytes = header.finish(plan.isEmpty() ? 1 : alignment);
        long dataOffset = headerBytes.remaining();
        long dataSize = plan.isEmpty() ? 0 : GgufParser.alignUp(plan.getLast().offset + plan.getLast().bytes, alignment);
        writeAtomically(out, headerBytes, dataOffset, dataSize, plan, progress);
    }

    private static int alignment(Metadata metadata) {
        Object value = metadata.asMap().get(GgufParser.ALIGNMENT_KEY);
        if (value == null) {
            return GgufParser.DEFAULT_ALIGNMENT;
        }
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() <= 0
                || Long.bitCount(((Number) value).longValue()) != 1 || ((Number) value).longValue() > GgufParser.MAX_ALIGNMENT) {
            throw GgufMetadataTypes.invalid(GgufParser.ALIGNMENT_KEY, "must be a power of two up to " + GgufParser.MAX_ALIGNMENT + ", got " + value);
        }
        return ((Number) value).intValue();
    }

    private static List<Planned> plan(List<? extends TensorSource> tensors, int alignment) {
        List<Planned> plan = new ArrayList<>(tensors.size());
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (TensorSource source : tensors) {
            String name = Objects.requireNonNull(source.name(), "tensor name");
            TensorType type = Objects.requireNonNull(source.type(), "tensor type of " + name);
            long[] dims = source.dims();
            if (!names.add(name)) {
                throw invalidTensor(name, "appears twice");
            }
            if (name.getBytes(StandardCharsets.UTF_8).length >= MAX_TENSOR_NAME_BYTES) {
                throw invalidTensor(name, "name is " + MAX_TENSOR_NAME_BYTES + " bytes or longer, llama.cpp refuses it");
            }
            if (dims.length < 1 || dims.length > MAX_DIMS) {
                throw invalidTensor(name, "has " + dims.length + " dimensions, GGUF allows 1.." + MAX_DIMS);
            }
            long elements = 1;
            for (long d : dims) {
                if (d <= 0) {
                    throw invalidTensor(name, "dimension " + d + " is not positive");
                }
                elements = multiply(name, elements, d);
            }
            if (dims[0] % type.blockSize() != 0) {
                throw invalidTensor(name, "row length " + dims[0] + " is not a multiple of the " + type + " block size " + type.blockSize());
            }
            long bytes = multiply(name, elements / type.blockSize(), type.blockBytes());
            plan.add(new Planned(source, name, type, dims, offset, bytes));
            offset = GgufParser.alignUp(offset + bytes, alignment);
            if (offset < 0) {
                throw invalidTensor(name, "the data section would exceed 2^63 bytes");
            }
        }
        return plan;
    }

    private static long multiply(String name, long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw invalidTensor(name, "size overflows");
        }
    }

    private static RealizarException invalidTensor(String name, String what) {
        return new RealizarException(ErrorCode.INVALID_ARGUMENT, "tensor '" + name + "': " + what);
    }

    private static void writeAtomically(Path out, ByteBuffer header, long dataOffset, long dataSize, List<Planned> plan,
                                        ProgressListener progress) {
        Path target = out.toAbsolutePath();
        Path dir = target.getParent();
        Path temp;
        try {
            // Not Files.createTempFile: its owner-only permissions would end up on the model file.
            temp = Files.createFile(dir.resolve("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp"));
        } catch (NoSuchFileException e) {
            throw new RealizarException(ErrorCode.NOT_FOUND, "cannot write " + out + ": directory " + dir + " does not exist", e);
        } catch (IOException e) {
            throw new RealizarException(ErrorCode.IO_ERROR, "cannot create a temporary file in " + dir + ": " + e, e);
        }
        boolean done = false;
        try {
            long total = dataOffset + dataSize;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                for (long at = 0; header.hasRemaining(); ) {
                    at += channel.write(header, at);
                }
                progress.onProgress(dataOffset, total);
                if (dataSize > 0) {
                    writeData(channel, dataOffset, dataSize, plan, progress, total);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
            forceDirectory(dir);
        } catch (IOException e) {
            throw new RealizarException(ErrorCode.IO_ERROR, "cannot write " + out + ": " + e, e);
        } finally {
            if (!done) {
                deleteQuietly(temp);
            }
        }
    }

    /** Maps the data section read-write (this also grows the file to its full size) and lets each source fill its slice. */
    private static void writeData(FileChannel channel, long dataOffset, long dataSize, List<Planned> plan,
                                  ProgressListener progress, long total) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = channel.map(FileChannel.MapMode.READ_WRITE, dataOffset, dataSize, arena);
            for (Planned t : plan) {
                t.source.writeTo(data.asSlice(t.offset, t.bytes));
                boolean last = t == plan.getLast();
                progress.onProgress(last ? total : dataOffset + t.offset + t.bytes, total);
            }
            data.force();
        }
    }

    /** Makes the rename durable where the platform allows it (Linux does; some systems cannot open a directory). */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Best effort: the file itself is already on disk.
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // Nothing more can be done; the failure being reported matters more.
        }
    }
}
