package realizar.runtime.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import realizar.api.backend.ComputeDevice;
import realizar.api.format.ModelFile;
import realizar.api.format.Tensor;
import realizar.api.format.TensorSource;
import realizar.runtime.arch.decoder.RopeSettings;
import realizar.runtime.generate.GenerationRequest;
import realizar.runtime.generate.Generator;
import realizar.runtime.generate.TokenListener;
import realizar.runtime.model.CausalLM;
import realizar.runtime.model.KvType;
import realizar.runtime.model.Session;
import realizar.runtime.sampling.SamplingParams;
import realizar.runtime.testing.GgufRewriter;
import realizar.runtime.testing.TestModels;

/**
 * {@value RopeSettings#NEOX_KEY}: a llama model whose Q/K rows are in Hugging Face order (not permuted the way the
 * GGUF converter permutes them for NORMAL rope) computes the same function with NEOX rope. The test un-permutes the
 * llama fixture's attn_q/attn_k rows (the inverse of convert_hf_to_gguf's {@code permute}: GGUF row 2i+j of a head is
 * Hugging Face row j·head_dim/2 + i), sets the key, and compares with the original and with llama.cpp.
 */
final class LlamaNeoxRopeTest {
    private static ComputeDevice device;
    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        device = TestModels.cpu(2);
    }

    @AfterAll
    static void close() {
        device.close();
    }

    @Test
    void huggingFaceOrderWithNeoxKeyComputesTheSameModel() {
        Path q8 = ArchReferenceTest.resource("llama/llama-Q8_0.gguf");
        Path normal = dir.resolve("llama-normal-F32.gguf");
        Path neox = dir.resolve("llama-hf-neox-F32.gguf");
        Path unflagged = dir.resolve("llama-hf-normal-F32.gguf");
        // F32 copies (the Q8_0 values decoded), so no activation quantization can amplify float-order differences.
        try (ModelFile in = TestModels.open(q8)) {
            GgufRewriter.rewrite(in, normal, Map.of(), (f, t) -> GgufRewriter.f32(t, GgufRewriter.decode(device, t)));
            GgufRewriter.rewrite(in, neox, Map.of(RopeSettings.NEOX_KEY, true),
                    (f, t) -> toHuggingFaceOrder(f, GgufRewriter.f32(t, GgufRewriter.decode(device, t)), t));
            GgufRewriter.rewrite(in, unflagged, Map.of(),
                    (f, t) -> toHuggingFaceOrder(f, GgufRewriter.f32(t, GgufRewriter.decode(device, t)), t));
        }
        int[] prompt = ArchReference.ints(ArchReference.readJson(ArchReferenceTest.resource("llama/ref-Q8_0.json")).get("prompt_ids"));
        try (ModelFile a = TestModels.open(normal); ModelFile b = TestModels.open(neox)) {
            CausalLM normalModel = Architectures.load(a, device);
            CausalLM neoxModel = Architectures.load(b, device);
            int[] ids = greedy(normalModel, prompt);
            assertArrayEquals(ids, greedy(neoxModel, prompt), "greedy ids, NORMAL rope on GGUF order vs NEOX on Hugging Face order");
            Session s1 = normalModel.newSession(128, KvType.F32, 512);
            Session s2 = neoxModel.newSession(128, KvType.F32, 512);
            double[] p1 = ArchReference.softmax(s1.forward(prompt, 0, prompt.length));
            double[] p2 = ArchReference.softmax(s2.forward(prompt, 0, prompt.length));
            double worst = 0;
            for (int k = 0; k < ids.length; k++) {
                for (int v = 0; v < p1.length; v++) {
                    worst = Math.max(worst, Math.abs(p1[v] - p2[v]));
                }
                if (k + 1 < ids.length) {
                    p1 = ArchReference.softmax(s1.forward(ids, k, 1));
                    p2 = ArchReference.softmax(s2.forward(ids, k, 1));
                }
            }
            assertTrue(worst < 1e-5, "probabilities differ by " + worst);
            try (ModelFile c = TestModels.open(unflagged)) {
                // The control: Hugging Face order without the key (NORMAL rope) is a different function.
                double[] p3 = ArchReference.softmax(Architectures.load(c, device).newSession(128, KvType.F32, 512)
                        .forward(prompt, 0, prompt.length));
                double[] p0 = ArchReference.softmax(normalModel.newSession(128, KvType.F32, 512).forward(prompt, 0, prompt.length));
                double diff = 0;
                for (int v = 0; v < p0.length; v++) {
                    diff = Math.max(diff, Math.abs(p0[v] - p3[v]));
                }
                assertTrue(diff > 1e-3, "without the key the permuted model should differ, max |Δp| = " + diff);
            }
            System.err.println("llama NORMAL vs Hugging Face order + NEOX (F32): max |Δp| over the vocabulary = " + worst);
        }
    }

    @Test
    void huggingFaceOrderQ8MatchesLlamaCpp() {
        Path neox = dir.resolve("llama-hf-neox-Q8_0.gguf");
        try (ModelFile in = TestModels.open(ArchReferenceTest.resource("llama/llama-Q8_0.gguf"))) {
            GgufRewriter.rewrite(in, neox, Map.of(RopeSettings.NEOX_KEY, true), (f, t) -> toHuggingFaceOrder(f, TensorSource.of(t), t));
        }
        ArchReference.check(new ArchReference.Case("llama-hf-neox", "Q8_0", neox, ArchReferenceTest.resource("llama/ref-Q8_0.json")),
                device, KvType.F32);
    }

    @Test
    void huggingFaceOrderF32MatchesLlamaCpp() {
        Path shared = TestModels.sharedFixtures().map(f -> f.resolve("arch/llama")).filter(Files::isDirectory).orElse(null);
        if (shared == null) {
            System.err.println("SKIPPED: ../shared/fixtures not present");
        }
        Assumptions.assumeTrue(shared != null, "SKIPPED: ../shared/fixtures not present");
        Path neox = dir.resolve("llama-hf-neox-F32.gguf");
        try (ModelFile in = TestModels.open(shared.resolve("llama-F32.gguf"))) {
            GgufRewriter.rewrite(in, neox, Map.of(RopeSettings.NEOX_KEY, true), (f, t) -> toHuggingFaceOrder(f, TensorSource.of(t), t));
        }
        ArchReference.check(new ArchReference.Case("llama-hf-neox", "F32", neox, shared.resolve("ref-F32.json")), device, KvType.F32);
    }

    private static int[] greedy(CausalLM model, int[] prompt) {
        GenerationRequest request = new GenerationRequest(prompt, 24, SamplingParams.greedy(), List.of(), 0, true);
        return Generator.generate(model.newSession(128, KvType.F32, 512), ArchReference.NO_TEXT, request, List.of(),
                TokenListener.NONE).outputIds();
    }

    /** attn_q / attn_k rows back in Hugging Face order; every other tensor as {@code source} writes it. */
    private static TensorSource toHuggingFaceOrder(ModelFile file, TensorSource source, Tensor t) {
        String name = t.name();
        int heads;
        if (name.endsWith("attn_q.weight")) {
            heads = file.metadata().getInt("llama.attention.head_count");
        } else if (name.endsWith("attn_k.weight")) {
            heads = file.metadata().getInt("llama.attention.head_count_kv");
        } else {
            return source;
        }
        long rows = t.info().rowCount();
        long rowBytes = source.byteSize() / rows;
        int headDim = Math.toIntExact(rows / heads);
        assertEquals(0, headDim % 2);
        return TensorSource.of(source.name(), source.type(), source.dims(), target -> {
            MemorySegment gguf = MemorySegment.ofArray(new byte[Math.toIntExact(source.byteSize())]);
            source.writeTo(gguf);
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < headDim / 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        long from = (long) h * headDim + 2L * i + j;
                        long to = (long) h * headDim + (long) j * headDim / 2 + i;
                        MemorySegment.copy(gguf, from * rowBytes, target, to * rowBytes, rowBytes);
                    }
                }
            }
        });
    }
}
