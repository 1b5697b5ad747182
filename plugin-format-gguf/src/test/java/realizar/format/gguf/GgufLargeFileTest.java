package realizar.format.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static realizar.format.gguf.GgufTestSupport.GGUF;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.Metadata;
import realizar.api.format.ModelFile;
import realizar.api.format.Tensor;
import realizar.api.format.TensorSource;
import realizar.api.format.TensorType;

/** Files over 2 GiB, as sparse files: nothing but a few pages touches the disk. */
final class GgufLargeFileTest {
    private static final long TWO_GIB = 1L << 31;
    private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @TempDir
    Path dir;

    @Test
    void aTensorPast2GiBIsReadFromTheOneMapping() throws IOException {
        long offset = TWO_GIB + 4096;                    // relative to the data section, aligned to 32
        byte[] header = GgufBytes.v3(1, 0).tensor("far", TensorType.F32.ggmlId(), offset, 4).pad(32).bytes();
        Path file = dir.resolve("sparse.gguf");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(header);
            raf.setLength(header.length + offset + 16);
            raf.seek(header.length + offset);
            raf.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        }
        try (ModelFile model = GGUF.open(file)) {
            Tensor far = model.tensor("far");
            assertEquals(header.length + offset, far.info().dataOffset());
            assertEquals(0x0807060504030201L, far.data().get(LE_LONG, 0));
            assertEquals(0x100F0E0D0C0B0A09L, far.data().get(LE_LONG, 8));
        }
    }

    @Test
    void aTensorPast2GiBRunningOverTheEndIsRejected() throws IOException {
        long offset = TWO_GIB + 4096;
        byte[] header = GgufBytes.v3(1, 0).tensor("far", TensorType.F32.ggmlId(), offset, 4).pad(32).bytes();
        Path file = dir.resolve("short.gguf");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(header);
            raf.setLength(header.length + offset + 15);
        }
        RealizarException e = assertThrows(RealizarException.class, () -> GGUF.open(file));
        assertEquals(ErrorCode.MALFORMED_MODEL, e.code());
        assertTrue(e.getMessage().contains("runs past the end of the file (" + (header.length + offset + 15) + " bytes)"), e.getMessage());
    }

    @Test
    void theWriterWritesATensorLargerThan2GiB() throws IOException {
        long elements = (TWO_GIB + 64) / 4;              // one F32 tensor of 2 GiB + 64 bytes
        TensorSource big = TensorSource.of("big", TensorType.F32, new long[] {elements}, target -> {
            target.set(LE_LONG, 0, 0x1122334455667788L);
            target.set(LE_LONG, target.byteSize() - 8, 0x0102030405060708L);   // only these two pages are written
        });
        TensorSource after = TensorSource.of("after", TensorType.F32, new long[] {2},
                target -> target.set(LE_LONG, 0, 42L));
        long[] lastProgress = new long[2];
        Path file = dir.resolve("big.gguf");
        GGUF.write(file, new Metadata(Map.of("general.architecture", "test")), List.of(big, after),
                (done, total) -> {
                    lastProgress[0] = done;
                    lastProgress[1] = total;
                });
        assertEquals(Files.size(file), lastProgress[0]);
        assertEquals(Files.size(file), lastProgress[1]);
        try (ModelFile model = GGUF.open(file)) {
            Tensor t = model.tensor("big");
            assertEquals(TWO_GIB + 64, t.data().byteSize());
            assertEquals(0x1122334455667788L, t.data().get(LE_LONG, 0));
            assertEquals(0x0102030405060708L, t.data().get(LE_LONG, t.data().byteSize() - 8));
            assertTrue(model.tensor("after").info().dataOffset() > TWO_GIB);
            assertEquals(42L, model.tensor("after").data().get(LE_LONG, 0));
        }
    }

    @Test
    void hugeMetadataIsRefusedBeforeItIsAllocated() throws IOException {
        // Both fit in the (sparse) file, so only the heap budget can stop them.
        long n = Integer.MAX_VALUE - 100;
        byte[] array = GgufBytes.v3(0, 1).str("k").u32(GgufValueType.ARRAY.id).u32(GgufValueType.UINT8.id).u64(n).bytes();
        assertRefusedForMemory(array, n, "length of 'k' at byte 41");
        byte[] string = GgufBytes.v3(0, 1).str("k").u32(GgufValueType.STRING.id).u64(1L << 30).bytes();
        assertRefusedForMemory(string, 1L << 30, "k at byte 37");
    }

    private void assertRefusedForMemory(byte[] header, long payload, String field) throws IOException {
        Path file = dir.resolve("huge.gguf");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(header);
            raf.setLength(header.length + payload + 64);
        }
        RealizarException e = assertThrows(RealizarException.class, () -> GGUF.open(file));
        assertEquals(ErrorCode.MALFORMED_MODEL, e.code());
        assertTrue(e.getMessage().contains(field) && e.getMessage().contains("more than 256 MiB"), e.getMessage());
    }
}
