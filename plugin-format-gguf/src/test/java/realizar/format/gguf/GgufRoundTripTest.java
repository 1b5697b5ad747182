package realizar.format.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static realizar.format.gguf.GgufTestSupport.GGUF;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import realizar.api.format.Metadata;
import realizar.api.format.ModelFile;
import realizar.api.format.ProgressListener;
import realizar.api.format.Tensor;
import realizar.api.format.TensorInfo;
import realizar.api.format.TensorSource;
import realizar.api.format.TensorType;

/** Writer → reader: every metadata value type, every tensor type, alignments 32 and 64. */
final class GgufRoundTripTest {
    @TempDir
    Path dir;

    private static List<TensorSource> everyTensorType() {
        List<TensorSource> tensors = new ArrayList<>();
        for (TensorType type : TensorType.values()) {
            // 3 blocks per row: odd sizes, so padding between tensors is exercised.
            tensors.add(GgufTestSupport.randomTensor("t." + type, type, 3, type.ggmlId()));
        }
        return tensors;
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 64})
    void everyValueTypeAndTensorTypeSurvivesWriteThenRead(int alignment) throws IOException {
        Metadata metadata = GgufTestSupport.allValueTypes(alignment);
        Path file = dir.resolve("all.gguf");
        GGUF.write(file, metadata, everyTensorType(), ProgressListener.NONE);

        try (ModelFile model = GGUF.open(file)) {
            assertEquals(3, model.metadata().getInt(GgufModelFile.VERSION_KEY));
            GgufTestSupport.assertSameMetadata(metadata, model.metadata());
            assertEquals(TensorType.values().length, model.tensors().size());
            long previousEnd = 0;
            for (TensorType type : TensorType.values()) {
                Tensor t = model.tensor("t." + type);
                assertEquals(type, t.type());
                assertArrayEquals(new long[] {type.blockSize() * 3L, 2}, t.info().dims());
                assertEquals(0, t.info().dataOffset() % alignment, "data offset of " + type);
                assertTrue(t.info().dataOffset() >= previousEnd, "tensors are laid out in list order");
                previousEnd = t.info().dataOffset() + t.info().byteSize();
                assertArrayEquals(GgufTestSupport.randomBytes(type, 3, type.ggmlId()), GgufTestSupport.bytes(t.data()), type.toString());
            }
            assertEquals(0, Files.size(file) % alignment, "the file ends padded to the alignment");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 64})
    void rewritingAnOpenFileReproducesItByteForByte(int alignment) throws IOException {
        Path first = dir.resolve("first.gguf");
        GGUF.write(first, GgufTestSupport.allValueTypes(alignment), everyTensorType(), ProgressListener.NONE);
        Path second = dir.resolve("second.gguf");
        try (ModelFile model = GGUF.open(first)) {
            GGUF.write(second, model.metadata(), model.tensors().stream().map(t -> TensorSource.of(model.tensor(t.name()))).toList(),
                    ProgressListener.NONE);
        }
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void withoutTagsTypesFollowLlamaCppThenTheJavaType() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("llama.context_length", 2048);            // Integer, but llama.cpp reads it as uint32
        m.put("llama.rope.freq_base", 10000.0);          // Double, but llama.cpp reads it as float32
        m.put("split.count", 3);                         // uint16 in gguf-split
        m.put("tokenizer.ggml.bos_token_id", 1L);        // uint32
        m.put("custom.int", -5);                          // int32
        m.put("custom.long", 5L);                         // uint32 (as the reader maps uint32 to Long)
        m.put("custom.big", 1L << 40);                    // int64
        m.put("custom.double", 0.25);                     // float64
        m.put("tokenizer.ggml.token_type", new int[] {1, 2});
        m.put("tokenizer.ggml.scores", new float[] {0f});
        m.put("custom.longs", new long[] {1, -1});        // array[int64]: -1 does not fit uint32
        Path file = dir.resolve("untagged.gguf");
        GGUF.write(file, new Metadata(m), List.of(), ProgressListener.NONE);
        try (ModelFile model = GGUF.open(file)) {
            assertEquals(List.of("llama.context_length=uint32", "llama.rope.freq_base=float32", "split.count=uint16",
                    "tokenizer.ggml.bos_token_id=uint32", "custom.int=int32", "custom.long=uint32", "custom.big=int64",
                    "custom.double=float64", "tokenizer.ggml.token_type=array[int32]", "tokenizer.ggml.scores=array[float32]",
                    "custom.longs=array[int64]"), model.metadata().getStrings(GgufModelFile.VALUE_TYPES_KEY));
            assertEquals(2048L, model.metadata().asMap().get("llama.context_length"));
            assertEquals(10000f, model.metadata().asMap().get("llama.rope.freq_base"));
        }
    }

    @Test
    void aTagTheValueNoLongerFitsIsIgnored() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 300);                                  // tagged uint8 but changed to 300 by a caller
        m.put("b", "now a string");                       // tagged uint32 but replaced by a string
        m.put("c", 7);                                    // tagged int8 and still fits
        m.put(GgufModelFile.VALUE_TYPES_KEY, List.of("a=uint8", "b=uint32", "c=int8", "gone=float64"));
        Path file = dir.resolve("retagged.gguf");
        GGUF.write(file, new Metadata(m), List.of(), ProgressListener.NONE);
        try (ModelFile model = GGUF.open(file)) {
            assertEquals(List.of("a=int32", "b=string", "c=int8"), model.metadata().getStrings(GgufModelFile.VALUE_TYPES_KEY));
            assertEquals(300, model.metadata().asMap().get("a"));
        }
    }

    @Test
    void aFileWithoutTensorsIsJustTheHeader() throws IOException {
        Path file = dir.resolve("empty.gguf");
        GGUF.write(file, Metadata.empty(), List.of(), ProgressListener.NONE);
        try (ModelFile model = GGUF.open(file)) {
            assertEquals(List.<TensorInfo>of(), model.tensors());
            assertEquals(List.of(GgufModelFile.VERSION_KEY, GgufModelFile.VALUE_TYPES_KEY), List.copyOf(model.metadata().keys()));
        }
        assertEquals(24, Files.size(file), "magic, version and two counts; no padding without tensor data");
    }
}
