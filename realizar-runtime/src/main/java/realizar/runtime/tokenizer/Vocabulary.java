package realizar.runtime.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/**
 * A model's vocabulary as llama.cpp's {@code llama_vocab} holds it after {@code load}: token texts, scores and
 * attributes, the text-to-id map, special token ids, the tokenizer flags, the end-of-generation set, the special
 * tokens in matching order and every token's output bytes. Built by {@link VocabularyLoader}; immutable afterwards
 * (the arrays are never handed out), so it is safe to share between threads.
 */
final class Vocabulary {
    /** llama.cpp's {@code LLAMA_TOKEN_NULL}. */
    static final int NONE = -1;

    enum Kind { SPM, BPE, WPM }

    final Kind kind;
    final String model;
    final BpePreTokenizer preTokenizer;
    final String[] texts;
    final float[] scores;
    final int[] attrs;
    final Map<String, Integer> ids;
    final Map<String, Integer> mergeRanks;
    final int maxTokenBytes;
    final SpecialIds special;
    final Flags flags;
    final Set<Integer> endOfGeneration;
    /** Control, user-defined and unknown tokens, longest text first: the order special-token splitting tries them. */
    final int[] specialTokens;
    private final byte[][] pieces;

    /** The special token ids; {@link #NONE} where a model has none. */
    record SpecialIds(int bos, int eos, int eot, int eom, int unk, int sep, int pad) {
    }

    /** The tokenizer switches llama.cpp reads from the metadata or sets per model and pre-tokenizer. */
    record Flags(boolean addBos, boolean addEos, boolean addSep, boolean addSpacePrefix, boolean ignoreMerges,
                 boolean lowercase, boolean stripAccents) {
    }

    Vocabulary(Kind kind, String model, BpePreTokenizer preTokenizer, String[] texts, float[] scores, int[] attrs,
               Map<String, Integer> ids, Map<String, Integer> mergeRanks, SpecialIds special, Flags flags,
               Set<Integer> endOfGeneration, int[] specialTokens) {
        this.kind = kind;
        this.model = model;
        this.preTokenizer = preTokenizer;
        this.texts = texts;
        this.scores = scores;
        this.attrs = attrs;
        this.ids = ids;
        this.mergeRanks = mergeRanks;
        this.special = special;
        this.flags = flags;
        this.endOfGeneration = Set.copyOf(endOfGeneration);
        this.specialTokens = specialTokens;
        int maxBytes = 0;
        this.pieces = new byte[texts.length][];
        for (int id = 0; id < texts.length; id++) {
            maxBytes = Math.max(maxBytes, utf8Length(texts[id]));
            pieces[id] = renderPiece(id, false);
        }
        this.maxTokenBytes = maxBytes;
    }

    int size() {
        return texts.length;
    }

    /** The id of a token text, or {@link #NONE}. */
    int id(String text) {
        Integer id = ids.get(text);
        return id == null ? NONE : id;
    }

    boolean has(int attr, int id) {
        return (attrs[id] & attr) != 0;
    }

    /** llama.cpp {@code token_to_piece(special=false)}, cached: the bytes a token adds to output text. */
    byte[] piece(int id) {
        return pieces[id];
    }

    /**
     * llama.cpp {@code token_to_piece}: SPM/WPM turn "▁" into a space, BPE maps byte-level characters back to bytes,
     * byte tokens give their byte, control and unknown tokens give nothing unless {@code special}, user-defined
     * tokens give their text as is.
     */
    byte[] renderPiece(int id, boolean special) {
        int attr = attrs[id];
        String text = texts[id];
        if (!special && (attr & (TokenAttr.UNKNOWN | TokenAttr.CONTROL)) != 0) {
            return new byte[0];
        }
        if ((attr & (TokenAttr.UNKNOWN | TokenAttr.CONTROL | TokenAttr.USER_DEFINED)) != 0) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if ((attr & TokenAttr.NORMAL) != 0) {
            return kind == Kind.BPE ? byteLevelDecode(text) : text.replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8);
        }
        if ((attr & TokenAttr.BYTE) != 0) {
            return new byte[] {(byte) byteTokenValue(text)};
        }
        return new byte[0];
    }

    /** llama.cpp {@code token_to_byte}: the hex digits of "<0xNN>" ({@code strtol}, so junk gives 0). */
    static int byteTokenValue(String text) {
        if (text.length() < 5) {
            return 0;
        }
        try {
            return Integer.parseInt(text.substring(3, 5), 16) & 0xFF;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** llama.cpp {@code llama_decode_text}: byte-level text back to bytes, unknown characters spelled out. */
    private static byte[] byteLevelDecode(String text) {
        byte[] out = new byte[text.length()];
        for (int i = 0; i < text.length(); i++) {
            int b = ByteLevel.decode(text.charAt(i));
            if (b < 0) {
                return byteLevelDecodeSlow(text);
            }
            out[i] = (byte) b;
        }
        return out;
    }

    private static byte[] byteLevelDecodeSlow(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length() + 32);
        text.codePoints().forEach(cp -> {
            int b = ByteLevel.decode(cp);
            if (b >= 0) {
                out.write(b);
            } else {
                StringBuilder unk = new StringBuilder("[UNK_BYTE_0x");
                for (byte u : Character.toString(cp).getBytes(StandardCharsets.UTF_8)) {
                    unk.append(String.format("%02x", u & 0xFF));
                }
                unk.append(text).append(']');
                out.writeBytes(unk.toString().getBytes(StandardCharsets.UTF_8));
            }
        });
        return out.toByteArray();
    }

    /** llama.cpp {@code byte_to_token} for SPM: the "<0xNN>" token, else the one-character token, else unknown. */
    int byteToken(int b) {
        int id = id(String.format("<0x%02X>", b & 0xFF));
        if (id == NONE && b < 0x80) {
            id = id(String.valueOf((char) b));
        }
        return id == NONE ? special.unk() : id;
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    static RealizarException malformed(String what) {
        return new RealizarException(ErrorCode.MALFORMED_MODEL, what);
    }

    static Map<String, Integer> newMap(int expected) {
        return new HashMap<>(Math.max(16, (int) (expected / 0.75f) + 1));
    }
}
