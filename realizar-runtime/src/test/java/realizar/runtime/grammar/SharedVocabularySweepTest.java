package realizar.runtime.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import realizar.api.format.Metadata;

/**
 * Wider sweep over the shared tokenizer fixtures (runs only where ../shared/fixtures exists): for every SentencePiece
 * and byte-level BPE vocabulary, along random constrained walks, the trie mask equals checking each token alone.
 */
final class SharedVocabularySweepTest {
    @Test
    void trieMaskEqualsPerTokenCheckOnEverySharedVocabulary() throws Exception {
        Path fixtures = TestVocabularies.sharedFixtures();
        if (fixtures == null) {
            System.err.println("SKIPPED: ../shared/fixtures not present");
        }
        assumeTrue(fixtures != null, "SKIPPED: ../shared/fixtures not present");
        List<Path> files;
        try (Stream<Path> s = Files.list(fixtures.resolve("tokenizers"))) {
            files = s.filter(p -> p.toString().endsWith(".gguf")).sorted().toList();
        }
        Grammar grammar = Grammar.fromJsonSchema(JsonSchemaCases.SCHEMAS.get(3));
        List<String> checked = new ArrayList<>();
        for (Path file : files) {
            Metadata m = TestVocabularies.metadata(file);
            String model = m.findString("tokenizer.ggml.model").orElse("");
            List<byte[]> bytes = switch (model) {
                case "llama" -> TestVocabularies.sentencePieceBytes(m);
                case "gpt2" -> TestVocabularies.byteLevelBpeBytes(m);
                default -> null; // WordPiece and others: their pieces are not output bytes
            };
            if (bytes == null) {
                continue;
            }
            TokenVocabulary vocab = TokenVocabulary.of(bytes, TestVocabularies.endOfGeneration(m));
            GrammarMatcher matcher = new GrammarMatcher(grammar, vocab);
            Random rng = new Random(file.getFileName().toString().hashCode());
            GrammarState state = matcher.start();
            for (int step = 0; step < 12 && !state.isFinished(); step++) {
                BitSet walked = new BitSet();
                matcher.allowedTokens(state, walked);
                BitSet brute = new BitSet();
                for (int id = 0; id < vocab.size(); id++) {
                    brute.set(id, matcher.accepts(state, id));
                }
                assertEquals(brute, walked, file.getFileName() + " step " + step);
                int[] ids = walked.stream().filter(id -> !vocab.isEndOfGeneration(id)).toArray();
                if (ids.length == 0) {
                    break;
                }
                state = matcher.advance(state, ids[rng.nextInt(ids.length)]);
                assertNotNull(state);
            }
            checked.add(file.getFileName().toString());
        }
        assertTrue(checked.size() >= 4, "checked only " + checked);
    }
}
