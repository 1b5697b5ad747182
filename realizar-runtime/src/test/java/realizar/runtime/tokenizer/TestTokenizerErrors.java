package realizar.runtime.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.Metadata;

/** Unsupported and malformed tokenizer metadata fail at load with a code and a message naming the key. */
final class TestTokenizerErrors {

    private static Map<String, Object> spm() {
        Map<String, Object> md = new HashMap<>();
        md.put("tokenizer.ggml.model", "llama");
        md.put("tokenizer.ggml.tokens", List.of("<unk>", "<s>", "</s>", "▁a", "a"));
        md.put("tokenizer.ggml.scores", new float[] {0, 0, 0, -1, -2});
        md.put("tokenizer.ggml.token_type", new int[] {2, 3, 3, 1, 1});
        return md;
    }

    private static RealizarException fail(Map<String, Object> md) {
        return assertThrows(RealizarException.class, () -> Tokenizer.fromMetadata(new Metadata(md)));
    }

    private static void assertFails(ErrorCode code, String mentioned, Map<String, Object> md) {
        RealizarException e = fail(md);
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(mentioned), e.getMessage() + " should mention " + mentioned);
    }

    @Test
    void minimalSentencePieceVocabularyWorks() {
        Tokenizer t = Tokenizer.fromMetadata(new Metadata(spm()));
        int[] ids = t.encode("a", true, false);
        assertEquals(List.of(1, 3), java.util.Arrays.stream(ids).boxed().toList());
    }

    @Test
    void missingModelKeyIsMalformed() {
        Map<String, Object> md = spm();
        md.remove("tokenizer.ggml.model");
        assertFails(ErrorCode.MALFORMED_MODEL, "tokenizer.ggml.model", md);
    }

    @Test
    void missingTokensAreMalformed() {
        Map<String, Object> md = spm();
        md.remove("tokenizer.ggml.tokens");
        assertFails(ErrorCode.MALFORMED_MODEL, "tokenizer.ggml.tokens", md);
    }

    @Test
    void shortScoreArrayIsMalformed() {
        Map<String, Object> md = spm();
        md.put("tokenizer.ggml.scores", new float[] {0, 0});
        assertFails(ErrorCode.MALFORMED_MODEL, "tokenizer.ggml.scores", md);
    }

    @Test
    void addBosWithoutBosIsMalformed() {
        Map<String, Object> md = spm();
        md.put("tokenizer.ggml.tokens", List.of("<unk>"));
        md.put("tokenizer.ggml.scores", new float[] {0});
        md.put("tokenizer.ggml.token_type", new int[] {2});
        assertFails(ErrorCode.MALFORMED_MODEL, "add_bos_token", md);
    }

    @Test
    void otherTokenizerModelsAreUnsupported() {
        for (String model : List.of("t5", "rwkv", "plamo2", "gemma4", "something-new")) {
            Map<String, Object> md = spm();
            md.put("tokenizer.ggml.model", model);
            assertFails(ErrorCode.UNSUPPORTED_OPERATION, model, md);
        }
    }

    @Test
    void unknownBpePreTokenizerIsUnsupported() {
        Map<String, Object> md = spm();
        md.put("tokenizer.ggml.model", "gpt2");
        md.put("tokenizer.ggml.merges", List.of("a b"));
        md.put("tokenizer.ggml.pre", "tekken");
        assertFails(ErrorCode.UNSUPPORTED_OPERATION, "tekken", md);
    }

    @Test
    void bpeWithoutMergesIsMalformed() {
        Map<String, Object> md = spm();
        md.put("tokenizer.ggml.model", "gpt2");
        assertFails(ErrorCode.MALFORMED_MODEL, "tokenizer.ggml.merges", md);
    }
}
