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
}
