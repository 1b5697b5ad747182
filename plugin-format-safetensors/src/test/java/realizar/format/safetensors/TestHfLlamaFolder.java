package realizar.format.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import realizar.api.format.FormatReader;
import realizar.api.format.Metadata;
import realizar.api.format.ModelFile;
import realizar.api.format.Tensor;
import realizar.api.format.TensorInfo;

/**
 * The stories260K Hugging Face folder (models/stories260K/hf-safetensors) against the same model's GGUF: the same
 * hyperparameter keys, the same tensor names and dims, the same bytes — Q/K in Hugging Face row order, which is the
 * GGUF's after convert_hf_to_gguf.py's permutation — and the same SentencePiece vocabulary.
 */
final class TestHfLlamaFolder {
    private static ModelFile hf;
    private static ModelFile gguf;

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        return p;
    }

    @BeforeAll
    static void open() {
        Path models = repoRoot().resolve("models/stories260K");
        SafetensorsFormatReader reader = new SafetensorsFormatReader();
        Path folder = models.resolve("hf-safetensors");
        assertEquals(90, reader.probe(folder, ByteBuffer.allocate(0)));
        hf = reader.open(folder);
        FormatReader ggufReader = ServiceLoader.load(FormatReader.class).stream().map(ServiceLoader.Provider::get)
                .filter(r -> r.name().equals("gguf")).findFirst().orElseThrow();
        gguf = ggufReader.open(models.resolve("stories260K.gguf"));
    }

    @AfterAll
    static void close() {
        hf.close();
        gguf.close();
    }

    @Test
    void hyperparametersMatchTheGguf() {
        Metadata h = hf.metadata();
        Metadata g = gguf.metadata();
        assertEquals("llama", h.getString("general.architecture"));
        for (String key : new String[] {"embedding_length", "feed_forward_length", "attention.head_count",
                "attention.head_count_kv", "block_count", "rope.dimension_count"}) {
            assertEquals(g.getLong("llama." + key), h.getLong("llama." + key), key);
        }
        assertEquals(g.getFloat("llama.attention.layer_norm_rms_epsilon"), h.getFloat("llama.attention.layer_norm_rms_epsilon"));
        assertEquals(512, h.getLong("llama.context_length"), "config.json's max_position_embeddings");
        assertTrue(h.getBoolean(HfDecoderArchitecture.NEOX_KEY, false), "Q/K rows are in Hugging Face order");
    }

    @Test
    void vocabularyMatchesTheGguf() {
        Metadata h = hf.metadata();
        Metadata g = gguf.metadata();
        assertEquals("llama", h.getString("tokenizer.ggml.model"));
        assertEquals(g.getStrings("tokenizer.ggml.tokens"), h.getStrings("tokenizer.ggml.tokens"));
        assertArrayEquals(g.getFloats("tokenizer.ggml.scores"), h.getFloats("tokenizer.ggml.scores"));
        assertArrayEquals(g.getInts("tokenizer.ggml.token_type"), h.getInts("tokenizer.ggml.token_type"));
        assertEquals(1, h.getLong("tokenizer.ggml.bos_token_id"));
        assertEquals(2, h.getLong("tokenizer.ggml.eos_token_id"));
    }

    @Test
    void tensorsHaveGgufNamesDimsAndBytes() {
        Set<String> hfNames = hf.tensors().stream().map(TensorInfo::name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> ggufNames = gguf.tensors().stream().map(TensorInfo::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(ggufNames, hfNames);
        int headDim = (int) gguf.metadata().getLong("llama.embedding_length") / (int) gguf.metadata().getLong("llama.attention.head_count");
        for (TensorInfo g : gguf.tensors()) {
            Tensor h = hf.tensor(g.name());
            assertEquals(g.type(), h.type(), g.name());
            assertArrayEquals(g.dims(), h.info().dims(), g.name());
            MemorySegment gd = gguf.tensor(g.name()).data();
            if (g.name().endsWith("attn_q.weight") || g.name().endsWith("attn_k.weight")) {
                int cols = (int) g.dim(0);
                for (int r = 0; r < g.rowCount(); r++) {
                    int hr = QkPermutation.hfRow(r, headDim);
                    assertEquals(-1, gd.asSlice((long) r * cols * 4, cols * 4L)
                            .mismatch(h.data().asSlice((long) hr * cols * 4, cols * 4L)), g.name() + " row " + r);
                }
            } else {
                assertEquals(-1, gd.mismatch(h.data()), g.name() + " bytes");
            }
        }
        assertEquals(0f, hf.tensor("output_norm.weight").data().getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, 0)
                - gguf.tensor("output_norm.weight").data().getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, 0));
    }
}
