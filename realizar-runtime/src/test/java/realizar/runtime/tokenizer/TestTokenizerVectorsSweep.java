package realizar.runtime.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The full sweep: llama.cpp's test vectors for every vocabulary in the shared fixtures
 * ({@code ../shared/fixtures/tokenizers}: SPM llama-spm and phi-3; BPE gpt-2, llama-bpe, qwen2, deepseek-llm,
 * deepseek-coder, falcon, starcoder, refact, mpt; WPM bert-bge). Skipped when the folder is absent.
 */
final class TestTokenizerVectorsSweep {

    private static Path folder() {
        Path shared = TokenizerFixtures.sharedFixtures();
        Path folder = shared == null ? null : shared.resolve("tokenizers");
        assumeTrue(folder != null && Files.isDirectory(folder), "SKIPPED: ../shared/fixtures not present");
        return folder;
    }

    private static List<Path> vocabularies(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".gguf")).sorted().toList();
        }
    }

    @Test
    void sharedFolderHoldsEveryExpectedVocabulary() throws IOException {
        List<String> names = vocabularies(folder()).stream().map(p -> p.getFileName().toString()).toList();
        for (String name : List.of("llama-spm", "phi-3", "gpt-2", "llama-bpe", "qwen2", "deepseek-llm",
                "deepseek-coder", "falcon", "starcoder", "refact", "mpt", "bert-bge")) {
            assertEquals(true, names.contains("ggml-vocab-" + name + ".gguf"), name + " in " + names);
        }
    }

    @TestFactory
    Stream<DynamicTest> everySharedVocabularyMatchesLlamaCpp() throws IOException {
        return vocabularies(folder()).stream().flatMap(gguf -> {
            String name = gguf.getFileName().toString().replace("ggml-vocab-", "").replace(".gguf", "");
            Tokenizer tokenizer = TokenizerFixtures.tokenizer(gguf);
            return TokenizerFixtures.cases(gguf).stream().map(c -> DynamicTest.dynamicTest(
                    name + " " + TokenizerFixtures.describe(c),
                    () -> assertArrayEquals(c.expected(), tokenizer.encode(c.text(), false, false),
                            name + " " + TokenizerFixtures.describe(c))));
        });
    }

    private static Tokenizer shared(String vocab) {
        return TokenizerFixtures.tokenizer(folder().resolve("ggml-vocab-" + vocab + ".gguf"));
    }

    @Test
    void qwen2ChatTokensAndEndOfGeneration() {
        Tokenizer qwen = shared("qwen2");
        int[] ids = qwen.encode("<|im_start|>user\nHi<|im_end|>", false, true);
        assertEquals(151644, ids[0]);
        assertEquals(151645, ids[ids.length - 1]);
        assertEquals(false, qwen.addBos(), "add_bos_token=false in the file");
        assertEquals(151645, qwen.eosId());
        assertEquals(151645, qwen.eotId(), "<|im_end|>, as llama.cpp reports it");
        // EOS/EOT plus every end-of-turn text, and the FIM pad/repo/file-separator tokens llama.cpp also stops on.
        // Qwen's vocabulary also has an ordinary "</s>" (128247), which llama.cpp's name list (added for paddleocr)
        // turns into an end-of-generation control token.
        assertEquals(java.util.Set.of(128247, 151643, 151645, 151662, 151663, 151664), qwen.endOfGenerationIds());
        assertEquals(true, qwen.isControl(128247));
        assertEquals("<think>", new String(qwen.pieceBytes(151667), java.nio.charset.StandardCharsets.UTF_8),
                "user-defined tokens render as their text");
    }

    @Test
    void phi3SpecialTokensEatTheWhitespaceAfterThem() {
        Tokenizer phi3 = shared("phi-3");
        assertArrayEquals(phi3.encode("<|user|>Hi", false, true), phi3.encode("<|user|>\n  Hi", false, true));
        assertEquals(32010, phi3.encode("<|user|>Hi", false, true)[0]);
        assertEquals(java.util.Set.of(32000, 32007), phi3.endOfGenerationIds().stream()
                .filter(id -> id >= 32000).collect(java.util.stream.Collectors.toSet()));
    }
}
