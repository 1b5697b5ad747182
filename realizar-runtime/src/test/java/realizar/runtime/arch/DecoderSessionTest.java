package realizar.runtime.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.backend.ComputeDevice;
import realizar.api.format.ModelFile;
import realizar.api.format.TensorSource;
import realizar.runtime.model.CausalLM;
import realizar.runtime.model.KvType;
import realizar.runtime.model.Session;
import realizar.runtime.testing.GgufRewriter;
import realizar.runtime.testing.TestModels;

/** The engine around the architectures: context limits, batching, rewinding, bad input, unknown architectures. */
final class DecoderSessionTest {
    private static ComputeDevice device;
    private static ModelFile qwen2;
    private static CausalLM model;
    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    /**
     * An F32 copy of the qwen2 fixture (its Q8_0 values decoded): without activation quantization, float-order
     * differences (batch split, JIT) stay at the 1e-6 level, so the comparisons below can be tight.
     */
    @BeforeAll
    static void open() {
        device = TestModels.cpu(2);
        Path f32 = shared.resolve("qwen2-F32.gguf");
        try (ModelFile q8 = TestModels.open(ArchReferenceTest.resource("qwen2/qwen2-Q8_0.gguf"))) {
            GgufRewriter.rewrite(q8, f32, Map.of(), (f, t) -> GgufRewriter.f32(t, GgufRewriter.decode(device, t)));
        }
        qwen2 = TestModels.open(f32);
        model = Architectures.load(qwen2, device);
    }

    @AfterAll
    static void close() {
        qwen2.close();
        device.close();
    }

    @Test
    void trainedContextLengthComesFromMetadata() {
        assertEquals(qwen2.metadata().getInt("qwen2.context_length"), model.trainedContextLength());
        assertEquals("qwen2", model.architecture());
        assertEquals(512, model.vocabSize());
    }

    @Test
    void overflowingTheContextIsAClearError() {
        Session s = model.newSession(8, KvType.F16, 4);
        s.forward(new int[] {1, 2, 3, 4, 5, 6}, 0, 6);
        RealizarException e = assertThrows(RealizarException.class, () -> s.forward(new int[] {7, 8, 9}, 0, 3));
        assertEquals(ErrorCode.CONTEXT_OVERFLOW, e.code());
        assertTrue(e.getMessage().contains("holds 8 tokens; 6 are used and 3 more do not fit"), e.getMessage());
        assertEquals(6, s.position(), "a refused batch leaves the session where it was");
    }

    @Test
    void tokenOutsideTheVocabularyIsRejected() {
        Session s = model.newSession(16, KvType.F16, 16);
        RealizarException e = assertThrows(RealizarException.class, () -> s.forward(new int[] {1, 512}, 0, 2));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("token id 512 at index 1"), e.getMessage());
    }

    @Test
    void prefillInSmallBatchesEqualsOneBatchAndRewindReplays() {
        int[] prompt = {1, 15, 30, 45, 60, 75, 90};
        float[] whole = model.newSession(32, KvType.F32, 512).forward(prompt, 0, prompt.length).clone();
        Session chunked = model.newSession(32, KvType.F32, 3);
        float[] inChunks = chunked.forward(prompt, 0, prompt.length).clone();
        assertEquals(prompt.length, chunked.position());
        for (int i = 0; i < whole.length; i++) {
            assertEquals(whole[i], inChunks[i], 1e-4f, "logit " + i);
        }
        chunked.forward(new int[] {200, 201}, 0, 2);
        chunked.rewind(4);
        float[] replayed = chunked.forward(prompt, 4, 3).clone();
        for (int i = 0; i < whole.length; i++) {
            assertEquals(inChunks[i], replayed[i], 1e-4f, "after rewinding and re-evaluating, logit " + i);
        }
    }

    @Test
    void gpt2CannotRunPastItsPositionTable() {
        try (ModelFile gpt2 = TestModels.open(ArchReferenceTest.resource("gpt2/gpt2-F16.gguf"))) {
            CausalLM lm = Architectures.load(gpt2, device);
            RealizarException e = assertThrows(RealizarException.class, () -> lm.newSession(129, KvType.F16, 16));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage().contains("128"), e.getMessage());
        }
    }

    @Test
    void unknownArchitectureListsTheSupportedOnes() {
        Path mamba = dir.resolve("mamba.gguf");
        GgufRewriter.rewrite(qwen2, mamba, Map.of("general.architecture", "mamba"), (f, t) -> TensorSource.of(t));
        try (ModelFile file = TestModels.open(mamba)) {
            RealizarException e = assertThrows(RealizarException.class, () -> Architectures.load(file, device));
            assertEquals(ErrorCode.UNSUPPORTED_ARCHITECTURE, e.code());
            assertEquals("architecture 'mamba' is not supported; supported: gemma, gemma2, gpt2, llama, phi2, phi3, qwen2, qwen3",
                    e.getMessage());
        }
    }

    @Test
    void missingRequiredKeyNamesIt() {
        Path broken = dir.resolve("no-eps.gguf");
        java.util.Map<String, Object> meta = new java.util.LinkedHashMap<>(qwen2.metadata().asMap());
        meta.remove("qwen2.attention.layer_norm_rms_epsilon");
        TestModels.gguf().write(broken, new realizar.api.format.Metadata(meta),
                qwen2.tensors().stream().map(i -> TensorSource.of(qwen2.tensor(i.name()))).toList(),
                realizar.api.format.ProgressListener.NONE);
        try (ModelFile file = TestModels.open(broken)) {
            RealizarException e = assertThrows(RealizarException.class, () -> Architectures.load(file, device));
            assertEquals(ErrorCode.MALFORMED_MODEL, e.code());
            assertTrue(e.getMessage().contains("qwen2.attention.layer_norm_rms_epsilon"), e.getMessage());
        }
    }
}
