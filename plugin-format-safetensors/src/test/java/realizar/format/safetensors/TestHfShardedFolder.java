package realizar.format.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.ModelFile;
import realizar.api.format.TensorInfo;

/**
 * A sharded folder ({@code model.safetensors.index.json} + two shards) made from the stories260K folder opens as the
 * same model; a missing shard and a tensor in two shards are errors naming them.
 */
final class TestHfShardedFolder {
    @TempDir
    Path dir;

    private final SafetensorsFormatReader reader = new SafetensorsFormatReader();

    private Path source() {
        return TestHfLlamaFolder.repoRoot().resolve("models/stories260K/hf-safetensors");
    }

    /** Writes the source's tensors into two shards (first half, second half) and an index; returns the shard names. */
    private List<String> shard(Path out, boolean repeatOne) throws IOException {
        Files.copy(source().resolve("config.json"), out.resolve("config.json"));
        Files.copy(source().resolve("tokenizer_vocab.json"), out.resolve("tokenizer_vocab.json"));
        StringBuilder index = new StringBuilder("{\"metadata\":{\"total_size\":0},\"weight_map\":{");
        try (ModelFile alone = SafetensorsFile.openAlone(source().resolve("model.safetensors"))) {
            List<TensorInfo> all = alone.tensors();
            SafetensorsBytes[] shards = {new SafetensorsBytes(), new SafetensorsBytes()};
            String[] names = {"model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"};
            for (int i = 0; i < all.size(); i++) {
                TensorInfo t = all.get(i);
                int s = i < all.size() / 2 ? 0 : 1;
                byte[] bytes = alone.tensor(t.name()).data().toArray(ValueLayout.JAVA_BYTE);
                shards[s].raw(t.name(), "F32", t.numpyShape(), bytes);
                if (repeatOne && i == 0) {
                    shards[1].raw(t.name(), "F32", t.numpyShape(), bytes);
                }
                index.append(i > 0 ? "," : "").append('"').append(t.name()).append("\":\"").append(names[s]).append('"');
            }
            shards[0].write(out.resolve(names[0]));
            shards[1].write(out.resolve(names[1]));
            Files.writeString(out.resolve(HfFolder.INDEX_FILE), index.append("}}").toString());
            return List.of(names);
        }
    }

    @Test
    void shardedFolderIsTheSameModel() throws IOException {
        Path sharded = Files.createDirectories(dir.resolve("sharded"));
        shard(sharded, false);
        assertEquals(90, reader.probe(sharded, ByteBuffer.allocate(0)));
        try (ModelFile one = reader.open(source()); ModelFile two = reader.open(sharded)) {
            assertEquals(one.metadata().getLong("llama.block_count"), two.metadata().getLong("llama.block_count"));
            assertEquals(one.tensors().size(), two.tensors().size());
            for (TensorInfo t : one.tensors()) {
                var other = two.tensor(t.name());
                assertArrayEquals(t.dims(), other.info().dims(), t.name());
                assertEquals(-1, one.tensor(t.name()).data().mismatch(other.data()), t.name());
            }
        }
    }

    @Test
    void aShardFileOpensItsFolder() throws IOException {
        Path sharded = Files.createDirectories(dir.resolve("sharded"));
        List<String> names = shard(sharded, false);
        try (ModelFile viaShard = reader.open(sharded.resolve(names.get(1)))) {
            assertEquals("llama", viaShard.metadata().getString("general.architecture"));
            assertTrue(viaShard.findTensor("token_embd.weight").isPresent());
        }
    }

    @Test
    void missingShardIsNamed() throws IOException {
        Path sharded = Files.createDirectories(dir.resolve("sharded"));
        List<String> names = shard(sharded, false);
        Files.delete(sharded.resolve(names.get(1)));
        RealizarException e = assertThrows(RealizarException.class, () -> reader.open(sharded));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains(names.get(1)), e.getMessage());
    }

    @Test
    void aTensorInTwoShardsIsRefused() throws IOException {
        Path sharded = Files.createDirectories(dir.resolve("sharded"));
        shard(sharded, true);
        RealizarException e = assertThrows(RealizarException.class, () -> reader.open(sharded));
        assertEquals(ErrorCode.MALFORMED_MODEL, e.code());
        assertTrue(e.getMessage().contains("both map to"), e.getMessage());
    }

    @Test
    void unsupportedArchitectureIsNamed() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("gpt2"));
        Files.writeString(folder.resolve("config.json"), "{\"architectures\":[\"GPT2LMHeadModel\"],\"model_type\":\"gpt2\"}");
        new SafetensorsBytes().f32("w", new long[] {1}, 1).write(folder.resolve("model.safetensors"));
        RealizarException e = assertThrows(RealizarException.class, () -> reader.open(folder));
        assertEquals(ErrorCode.UNSUPPORTED_ARCHITECTURE, e.code());
        assertTrue(e.getMessage().contains("GPT2LMHeadModel"), e.getMessage());
    }
}
