package realizar.runtime.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * WordPiece as llama.cpp's {@code llm_tokenizer_wpm_session}: the text is normalised (accents stripped by taking the
 * first codepoint of each NFD decomposition and dropping marks, lower-cased, control characters removed), split at
 * white space and around punctuation, ASCII symbols and CJK ideographs; each word, prefixed with "▁", is covered by
 * the longest vocabulary entries from the left. A word that cannot be covered becomes the unknown token. (GGUF stores
 * word-initial pieces with "▁" and continuation pieces without HF's "##".)
 */
final class WpmEncoder {
    private final Vocabulary vocab;

    WpmEncoder(Vocabulary vocab) {
        this.vocab = vocab;
    }

    void encode(String text, IntList out) {
        for (String word : words(text)) {
            String prefixed = "\u2581" + word;
            int n = prefixed.length();
            int before = out.size();
            for (int i = 0; i < n; ) {
                int matchEnd = -1;
                for (int j = Math.min(n, i + vocab.maxTokenBytes + 1); j > i; j--) {
                    if (j < n && Character.isLowSurrogate(prefixed.charAt(j))) {
                        continue;
                    }
                    int id = vocab.id(prefixed.substring(i, j));
                    if (id != Vocabulary.NONE) {
                        out.add(id);
                        matchEnd = j;
                        break;
                    }
                }
                if (matchEnd < 0) {
                    out.truncate(before);
                    break;
                }
                i = matchEnd;
            }
            if (out.size() == before) {
                out.add(vocab.special.unk());
            }
        }
    }

    /** llama.cpp's {@code preprocess}: normalised words, punctuation and ideographs as words of their own. */
    private List<String> words(String text) {
        boolean lowercase = vocab.flags.lowercase();
        boolean stripAccents = vocab.flags.stripAccents();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int[] cps = new CodepointText(text).cps;
        for (int cp : cps) {
            if (stripAccents) {
                cp = CodepointFlags.nfdFirst(cp);
            }
            int flags = CodepointFlags.of(cp);
            if (CodepointFlags.isWhitespaceFlag(flags)) {
                flush(word, words);
                continue;
            }
            if (cp == 0 || cp == 0xFFFD || (flags & CodepointFlags.CONTROL) != 0) {
                continue;
            }
            if (stripAccents && (flags & CodepointFlags.ACCENT_MARK) != 0) {
                continue;
            }
            int c = lowercase ? CodepointFlags.toLower(cp) : cp;
            if ((flags & CodepointFlags.PUNCTUATION) != 0 || (cp < 0x7F && (flags & CodepointFlags.SYMBOL) != 0)
                    || isChineseChar(cp)) {
                flush(word, words);
                words.add(Character.toString(c));
            } else {
                word.appendCodePoint(c);
            }
        }
        flush(word, words);
        return words;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (!word.isEmpty()) {
            words.add(word.toString());
            word.setLength(0);
        }
    }

    /** The CJK ranges of HF's BERT tokenizer (including its 0x2B920 quirk), as llama.cpp copies them. */
    static boolean isChineseChar(int cp) {
        return (cp >= 0x04E00 && cp <= 0x09FFF) || (cp >= 0x03400 && cp <= 0x04DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF)
                || (cp >= 0x0F900 && cp <= 0x0FAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
