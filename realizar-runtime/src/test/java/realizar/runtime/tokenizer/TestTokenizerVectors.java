package realizar.runtime.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * llama.cpp's own tokenizer test vectors for the vendored vocabularies (SentencePiece, GPT-2 BPE, Llama 3 BPE,
 * WordPiece): every case must give exactly llama.cpp's ids, and decoding them must give the input back where
 * llama.cpp's tokenizers are lossless (SPM adds a leading space; WordPiece normalises, so it is not checked).
 */
final class TestTokenizerVectors {
    private static final List<String> VENDORED = List.of("llama-spm", "gpt-2", "llama-bpe", "bert-bge");

    @TestFactory
    Stream<DynamicTest> vendoredVocabulariesMatchLlamaCpp() {
        return VENDORED.stream().flatMap(name -> {
            Path gguf = TokenizerFixtures.resource("tokenizers/ggml-vocab-" + name + ".gguf");
            Tokenizer tokenizer = TokenizerFixtures.tokenizer(gguf);
            return TokenizerFixtures.cases(gguf).stream().map(c -> DynamicTest.dynamicTest(
                    name + " " + TokenizerFixtures.describe(c),
                    () -> assertArrayEquals(c.expected(), tokenizer.encode(c.text(), false, false),
                            name + " " + TokenizerFixtures.describe(c))));
        });
    }

    @TestFactory
    Stream<DynamicTest> byteLevelAndSentencePieceDecodeRoundTrip() {
        return Stream.of("gpt-2", "llama-bpe", "llama-spm").flatMap(name -> {
            Path gguf = TokenizerFixtures.resource("tokenizers/ggml-vocab-" + name + ".gguf");
            Tokenizer tokenizer = TokenizerFixtures.tokenizer(gguf);
            boolean spm = name.equals("llama-spm");
            return TokenizerFixtures.cases(gguf).stream().map(c -> DynamicTest.dynamicTest(
                    name + " " + TokenizerFixtures.describe(c), () -> {
                        String decoded = tokenizer.decode(c.expected());
                        String expected = spm && !c.text().isEmpty() ? " " + c.text() : c.text();
                        assertEquals(expected, decoded);
                    }));
        });
    }
}
