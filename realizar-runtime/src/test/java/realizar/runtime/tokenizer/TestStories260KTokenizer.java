package realizar.runtime.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import realizar.runtime.testing.TestModels;

/**
 * stories260K (512-token SentencePiece vocabulary) against llama-server's own tokenization and output bytes in the
 * greedy reference: prompts with BOS, and the exact bytes of the generated ids.
 */
final class TestStories260KTokenizer {
    private static final Tokenizer TOKENIZER =
            TokenizerFixtures.tokenizer(TestModels.stories260K());

    private static JsonNode cases() throws IOException {
        JsonNode root = new ObjectMapper().readTree(
                TokenizerFixtures.resource("fixtures/stories260K/stories260K-F32.greedy.json").toFile());
        JsonNode cases = root.get("cases");
        assertEquals(4, cases.size(), "reference cases");
        return cases;
    }

    private static int[] ints(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToInt(JsonNode::asInt).toArray();
    }

    @Test
    void promptIdsMatchLlamaServerWithBos() throws IOException {
        for (JsonNode c : cases()) {
            String prompt = c.get("prompt").asText();
            assertArrayEquals(ints(c.get("prompt_ids")), TOKENIZER.encode(prompt, true, false), prompt);
        }
    }

    @Test
    void promptPiecesAreTheVocabularyTextsRendered() throws IOException {
        for (JsonNode c : cases()) {
            int[] ids = ints(c.get("prompt_ids"));
            JsonNode pieces = c.get("prompt_pieces");
            for (int i = 1; i < ids.length; i++) {
                assertEquals(pieces.get(i).asText(), new String(TOKENIZER.pieceBytes(ids[i]),
                        java.nio.charset.StandardCharsets.UTF_8), "piece of id " + ids[i]);
            }
        }
    }

    @Test
    void outputIdsDecodeToTheReferenceBytes() throws IOException {
        for (JsonNode c : cases()) {
            int[] ids = ints(c.get("output_ids"));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Utf8Stream stream = new Utf8Stream();
            StringBuilder streamed = new StringBuilder();
            for (int id : ids) {
                byte[] piece = TOKENIZER.pieceBytes(id);
                bytes.writeBytes(piece);
                streamed.append(stream.push(piece));
            }
            streamed.append(stream.finish());
            assertEquals(c.get("output_bytes_hex").asText(), HexFormat.of().formatHex(bytes.toByteArray()));
            assertEquals(c.get("output_text").asText(), TOKENIZER.decode(ids));
            assertEquals(c.get("output_text").asText(), streamed.toString());
        }
    }

    @Test
    void specialTokensFollowLlamaCppDefaults() {
        assertEquals(512, TOKENIZER.vocabSize());
        assertEquals(1, TOKENIZER.bosId());
        assertEquals(2, TOKENIZER.eosId());
        assertEquals(0, TOKENIZER.unknownId());
        // seperator/padding ids are 0xFFFFFFFF in the file: out of range, so llama.cpp keeps "none".
        assertEquals(-1, TOKENIZER.separatorId());
        assertEquals(-1, TOKENIZER.paddingId());
        assertTrue(TOKENIZER.addBos());
        assertFalse(TOKENIZER.addEos());
        assertEquals(Set.of(2), TOKENIZER.endOfGenerationIds());
        assertEquals("llama", TOKENIZER.model());
        assertEquals(0, TOKENIZER.pieceBytes(1).length, "BOS renders as nothing");
        assertEquals("<s>", new String(TOKENIZER.pieceBytes(1, true), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void emptyTextGivesOnlyBos() {
        assertArrayEquals(new int[] {1}, TOKENIZER.encode("", true, false));
        assertArrayEquals(new int[0], TOKENIZER.encode("", false, false));
    }

    @Test
    void controlTextIsOrdinaryTextUnlessParsed() {
        int[] parsed = TOKENIZER.encode("<s>Once", false, true);
        assertEquals(1, parsed[0], "<s> parsed as BOS");
        // After a special token SentencePiece adds the space prefix again: "<s>Once" == BOS + " Once".
        assertArrayEquals(TOKENIZER.encode("Once", false, false), java.util.Arrays.copyOfRange(parsed, 1,
                parsed.length));
        int[] plain = TOKENIZER.encode("<s>Once", false, false);
        assertFalse(java.util.Arrays.stream(plain).anyMatch(id -> id == 1), "no BOS without parseSpecial");
        assertEquals(" <s>Once", TOKENIZER.decode(plain));
    }

    @Test
    void unknownCharactersFallBackToByteTokens() {
        // 512 tokens cannot hold "☕": its three UTF-8 bytes become <0xE2> <0x98> <0x95> (ids 3 + byte).
        int[] ids = TOKENIZER.encode("☕", false, false);
        assertArrayEquals(new int[] {3 + 0xE2, 3 + 0x98, 3 + 0x95}, java.util.Arrays.copyOfRange(ids,
                ids.length - 3, ids.length));
        assertEquals(" ☕", TOKENIZER.decode(ids));
    }

    @Test
    void loneSurrogatesAreReadAsReplacementCharacters() {
        assertArrayEquals(TOKENIZER.encode("a\uFFFDb", false, false), TOKENIZER.encode("a\uD800b", false, false));
        assertArrayEquals(TOKENIZER.encode("\uFFFD🦙", false, false), TOKENIZER.encode("\uDC00🦙", false, false));
    }
}
