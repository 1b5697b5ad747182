package realizar.runtime.grammar;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

import realizar.api.format.FormatReader;
import realizar.api.format.Metadata;
import realizar.api.format.ModelFile;

/**
 * Builds {@link TokenVocabulary} inputs from GGUF tokenizer metadata, opening files through whatever
 * {@link FormatReader} the ServiceLoader finds (the GGUF plugin on the test path), as production does. Stands in for
 * the runtime's tokenizer package until that is merged.
 */
final class TestVocabularies {
    private static final int TYPE_NORMAL = 1;
    private static final int TYPE_UNKNOWN = 2;
    private static final int TYPE_CONTROL = 3;
    private static final int TYPE_UNUSED = 5;
    private static final int TYPE_BYTE = 6;

    private TestVocabularies() {
    }

    /** The bundled stories260K model (512-token SentencePiece vocabulary). */
    static Path stories260K() {
        return realizar.runtime.testing.TestModels.stories260K();
    }

    static Metadata metadata(Path path) throws Exception {
        ByteBuffer head = ByteBuffer.allocate(FormatReader.PROBE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(path)) {
            ch.read(head);
        }
        head.flip();
        FormatReader best = null;
        int bestScore = 0;
        for (FormatReader reader : ServiceLoader.load(FormatReader.class)) {
            int score = reader.probe(path, head.duplicate().order(ByteOrder.LITTLE_ENDIAN));
            if (score > bestScore) {
                best = reader;
                bestScore = score;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no FormatReader recognises " + path);
        }
        try (ModelFile file = best.open(path)) {
            return file.metadata();
        }
    }

    /** SentencePiece pieces as output bytes: "▁" is a space, {@code <0xNN>} the byte NN, control tokens nothing. */
    static List<byte[]> sentencePieceBytes(Metadata m) {
        List<String> tokens = m.getStrings("tokenizer.ggml.tokens");
        int[] types = m.getInts("tokenizer.ggml.token_type");
        List<byte[]> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            String piece = tokens.get(i);
            if (producesNoText(types[i])) {
                out.add(new byte[0]);
            } else if (types[i] == TYPE_BYTE) {
                out.add(new byte[] {(byte) Integer.parseInt(piece.substring(3, 5), 16)});
            } else {
                out.add(piece.replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** Control, unknown and unused tokens add no text, so a grammar never allows them. */
    private static boolean producesNoText(int type) {
        return type == TYPE_CONTROL || type == TYPE_UNKNOWN || type == TYPE_UNUSED;
    }

    /** GPT-2 byte-level BPE token texts decoded back to bytes through the inverse of GPT-2's bytes_to_unicode. */
    static List<byte[]> byteLevelBpeBytes(Metadata m) {
        Map<Integer, Integer> unicodeToByte = gpt2UnicodeToByte();
        List<String> tokens = m.getStrings("tokenizer.ggml.tokens");
        int[] types = m.getInts("tokenizer.ggml.token_type");
        List<byte[]> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            if (producesNoText(types[i])) {
                out.add(new byte[0]);
                continue;
            }
            String text = tokens.get(i);
            if (types[i] != TYPE_NORMAL) {
                out.add(text.getBytes(StandardCharsets.UTF_8)); // user-defined tokens are plain text
                continue;
            }
            int[] cps = text.codePoints().toArray();
            byte[] bytes = new byte[cps.length];
            for (int k = 0; k < cps.length; k++) {
                Integer b = unicodeToByte.get(cps[k]);
                if (b == null) {
                    throw new IllegalArgumentException("token " + i + " has a character outside the GPT-2 byte map");
                }
                bytes[k] = (byte) (int) b;
            }
            out.add(bytes);
        }
        return out;
    }

    /** GPT-2's bytes_to_unicode, inverted: printable Latin-1 bytes map to themselves, the rest to U+0100 onwards. */
    private static Map<Integer, Integer> gpt2UnicodeToByte() {
        Map<Integer, Integer> map = new HashMap<>();
        int next = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = b >= '!' && b <= '~' || b >= 0xA1 && b <= 0xAC || b >= 0xAE && b <= 0xFF;
            map.put(printable ? b : 256 + next++, b);
        }
        return map;
    }

    /** End-of-generation ids from metadata: EOS and, when present, EOT. */
    static Set<Integer> endOfGeneration(Metadata m) {
        Set<Integer> ids = new LinkedHashSet<>();
        m.findLong("tokenizer.ggml.eos_token_id").ifPresent(id -> ids.add(Math.toIntExact(id)));
        m.findLong("tokenizer.ggml.eot_token_id").ifPresent(id -> ids.add(Math.toIntExact(id)));
        return ids;
    }

    static TokenVocabulary stories260KVocabulary() throws Exception {
        Metadata m = metadata(stories260K());
        return TokenVocabulary.of(sentencePieceBytes(m), endOfGeneration(m));
    }

    /** The shared fixtures folder, found by walking up from the working directory, or null. */
    static Path sharedFixtures() {
        String prop = System.getProperty("realizar.shared");
        if (prop != null) {
            Path p = Path.of(prop).resolve("fixtures");
            return Files.isDirectory(p) ? p : null;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("../shared/fixtures").normalize();
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }
}
