package realizar.runtime.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import realizar.api.format.Metadata;

/**
 * BOS/EOS/[CLS]/[SEP] handling, special-token parsing, end-of-generation sets and token rendering on the vendored
 * vocabularies, with llama.cpp's rules as the expectation.
 */
final class TestSpecialTokens {
    private static Metadata metadata(String vocab) {
        return TokenizerFixtures.metadata(TokenizerFixtures.resource("tokenizers/ggml-vocab-" + vocab + ".gguf"));
    }

    private static final Tokenizer LLAMA3 = Tokenizer.fromMetadata(metadata("llama-bpe"));
    private static final Tokenizer GPT2 = Tokenizer.fromMetadata(metadata("gpt-2"));
    private static final Tokenizer SPM = Tokenizer.fromMetadata(metadata("llama-spm"));
    private static final Tokenizer BERT = Tokenizer.fromMetadata(metadata("bert-bge"));

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void llama3ParsesHeaderTokensOnlyWhenAsked() {
        String prompt = "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>";
        int[] parsed = LLAMA3.encode(prompt, true, true);
        assertEquals(128000, parsed[0], "BOS: llama-bpe adds it by default");
        assertEquals(128006, parsed[1]);
        assertEquals(128009, parsed[parsed.length - 1]);
        assertTrue(Arrays.stream(parsed).anyMatch(id -> id == 128007));
        assertEquals(prompt, text(concat(LLAMA3, Arrays.copyOfRange(parsed, 1, parsed.length), true)));
        assertEquals("user\n\nHi", LLAMA3.decode(parsed), "control tokens render as nothing");

        int[] plain = LLAMA3.encode(prompt, false, false);
        assertTrue(Arrays.stream(plain).allMatch(id -> id < 128000), "no special ids without parseSpecial");
        assertEquals(prompt, LLAMA3.decode(plain));
    }

    @Test
    void llama3EndOfGenerationAndSpecialIds() {
        assertEquals(128000, LLAMA3.bosId());
        assertEquals(128001, LLAMA3.eosId());
        assertEquals(128009, LLAMA3.eotId());
        // Llama 3.0 has no <|eom_id|> (128008 is a reserved token): EOS and the end-of-turn token.
        assertEquals(Set.of(128001, 128009), LLAMA3.endOfGenerationIds());
        assertTrue(LLAMA3.isEndOfGeneration(128001));
        assertTrue(LLAMA3.isEndOfGeneration(128009));
        assertFalse(LLAMA3.isEndOfGeneration(128006));
        assertTrue(LLAMA3.addBos());
        assertFalse(LLAMA3.addEos());
        assertTrue(LLAMA3.isControl(128009));
        assertEquals(0, LLAMA3.pieceBytes(128009).length);
        assertEquals("<|eot_id|>", text(LLAMA3.pieceBytes(128009, true)));
        assertEquals("Ġworld", LLAMA3.piece(LLAMA3.encode(" world", false, false)[0]));
    }

    @Test
    void gpt2AddsNoBosAndEndsOnEndOfText() {
        assertFalse(GPT2.addBos());
        assertArrayEquals(GPT2.encode("Hello world", false, false), GPT2.encode("Hello world", true, false));
        assertEquals(Set.of(50256), GPT2.endOfGenerationIds());
        assertEquals(50256, GPT2.encode("<|endoftext|>", false, true)[0]);
        assertTrue(GPT2.encode("<|endoftext|>", false, false).length > 1, "text, not the token, by default");
    }

    @Test
    void sentencePieceBosAndSpacePrefixAfterSpecialTokens() {
        assertArrayEquals(new int[] {1, 15043, 3186}, SPM.encode("Hello world", true, false));
        // "</s>" parsed, then " Hi" gets the space prefix again because the previous fragment was special.
        int[] ids = SPM.encode("Hello</s>Hi", false, true);
        assertEquals(2, ids[1]);
        assertArrayEquals(SPM.encode("Hi", false, false), Arrays.copyOfRange(ids, 2, ids.length));
        assertEquals(Set.of(2), SPM.endOfGenerationIds());
        assertEquals(" Hello", text(SPM.pieceBytes(15043)));
        assertEquals("\n", text(SPM.pieceBytes(13)), "<0x0A> renders as its byte");
    }

    @Test
    void wordPieceWrapsInClsAndSep() {
        assertArrayEquals(new int[] {101, 7592, 2088, 102}, BERT.encode("Hello world", true, false));
        assertArrayEquals(new int[] {7592, 2088}, BERT.encode("Hello world", false, false));
        assertEquals(101, BERT.bosId());
        assertEquals(102, BERT.separatorId());
        assertEquals(100, BERT.unknownId());
        assertEquals(" hello world", BERT.decode(new int[] {101, 7592, 2088, 102}));
    }

    @Test
    void userDefinedTokensSplitEvenWithoutParseSpecial() {
        Map<String, Object> map = new HashMap<>(metadata("gpt-2").asMap());
        int hello = GPT2.encode("hello", false, false)[0];
        int[] types = ((int[]) map.get("tokenizer.ggml.token_type")).clone();
        types[hello] = 4;
        map.put("tokenizer.ggml.token_type", types);
        Tokenizer userDefined = Tokenizer.fromMetadata(new Metadata(map));
        int x = GPT2.encode("x", false, false)[0];
        assertArrayEquals(new int[] {x, hello, x}, userDefined.encode("xhellox", false, false));
        assertEquals("xhellox", userDefined.decode(new int[] {x, hello, x}));

        // Phi-3 gives special tokens RSTRIP (llama.cpp keys it on general.name): spaces after them vanish.
        map.put("general.name", "Phi3-mini");
        Tokenizer stripping = Tokenizer.fromMetadata(new Metadata(map));
        assertArrayEquals(stripping.encode("xhellox", false, false), stripping.encode("xhello   x", false, false));
    }

    private static byte[] concat(Tokenizer t, int[] ids, boolean special) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int id : ids) {
            out.writeBytes(t.pieceBytes(id, special));
        }
        return out.toByteArray();
    }
}
