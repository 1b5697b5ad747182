package realizar.runtime.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Streaming UTF-8: complete characters out as soon as they are complete, the rest held back. */
final class TestUtf8Stream {

    @Test
    void emojiSplitOverFourPushesComesOutOnce() {
        byte[] llama = "🦙".getBytes(StandardCharsets.UTF_8);
        Utf8Stream stream = new Utf8Stream();
        assertEquals("a", stream.push(new byte[] {'a', llama[0]}));
        assertTrue(stream.hasPending());
        assertEquals("", stream.push(new byte[] {llama[1]}));
        assertEquals("", stream.push(new byte[] {llama[2]}));
        assertEquals("🦙", stream.push(new byte[] {llama[3]}));
        assertFalse(stream.hasPending());
        assertEquals("", stream.finish());
    }

    @Test
    void invalidBytesBecomeReplacementCharactersImmediately() {
        Utf8Stream stream = new Utf8Stream();
        assertEquals("\uFFFDx", stream.push(new byte[] {(byte) 0x80, 'x'}));
        // E0 80 can never be completed (E0 needs A0..BF next): not held back.
        assertEquals("\uFFFD\uFFFD", stream.push(new byte[] {(byte) 0xE0, (byte) 0x80}));
        assertFalse(stream.hasPending());
    }

    @Test
    void unfinishedSequenceAtTheEndIsReplaced() {
        Utf8Stream stream = new Utf8Stream();
        assertEquals("", stream.push(new byte[] {(byte) 0xE2, (byte) 0x98}));
        assertEquals("\uFFFD", stream.finish());
        assertFalse(stream.hasPending());
    }

    @Test
    void anyChunkingGivesTheSameTextAsDecodingAtOnce() {
        Random random = new Random(42);
        byte[] text = "héllo ☕ wörld 🦙 日本語 ".repeat(3).getBytes(StandardCharsets.UTF_8);
        for (int trial = 0; trial < 200; trial++) {
            byte[] bytes = text.clone();
            if (trial % 2 == 1) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            StringBuilder out = new StringBuilder();
            Utf8Stream stream = new Utf8Stream();
            for (int i = 0; i < bytes.length; ) {
                int n = Math.min(bytes.length - i, random.nextInt(4));
                out.append(stream.push(Arrays.copyOfRange(bytes, i, i + n)));
                i += n;
            }
            out.append(stream.finish());
            assertEquals(new String(bytes, StandardCharsets.UTF_8), out.toString(), "trial " + trial);
        }
    }
}
