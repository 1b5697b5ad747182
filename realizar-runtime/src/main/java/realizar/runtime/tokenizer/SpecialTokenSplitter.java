package realizar.runtime.tokenizer;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Cuts text at special tokens before the model's tokenizer sees it, as llama.cpp's {@code tokenizer_st_partition}:
 * the special tokens are tried longest first, each one splitting every remaining text fragment at all its
 * occurrences. User-defined tokens always split; control and unknown tokens only when {@code parseSpecial}. A token
 * with the LSTRIP/RSTRIP attribute also removes the white space before/after it.
 */
final class SpecialTokenSplitter {
    /** A piece of the input: a special token, or the text range [start, end). */
    record Fragment(int token, int start, int end) {
        boolean isText() {
            return token < 0;
        }
    }

    private SpecialTokenSplitter() {
    }

    static List<Fragment> split(Vocabulary vocab, String text, boolean parseSpecial) {
        List<Fragment> fragments = new ArrayList<>();
        if (text.isEmpty()) {
            return fragments;
        }
        fragments.add(new Fragment(-1, 0, text.length()));
        BitSet present = new BitSet(128);
        for (int i = 0; i < text.length(); i++) {
            present.set(text.charAt(i));
        }
        for (int id : vocab.specialTokens) {
            if (!parseSpecial && vocab.has(TokenAttr.CONTROL | TokenAttr.UNKNOWN, id)) {
                continue;
            }
            String token = vocab.texts[id];
            if (!present.get(token.charAt(0)) || token.length() > text.length()) {
                continue;
            }
            fragments = splitAt(vocab, text, fragments, id, token);
        }
        return fragments;
    }

    private static List<Fragment> splitAt(Vocabulary vocab, String text, List<Fragment> fragments, int id,
                                          String token) {
        List<Fragment> out = null;
        for (int f = 0; f < fragments.size(); f++) {
            Fragment fragment = fragments.get(f);
            int match = fragment.isText() ? find(text, token, fragment.start(), fragment.end()) : -1;
            if (match < 0) {
                if (out != null) {
                    out.add(fragment);
                }
                continue;
            }
            if (out == null) {
                out = new ArrayList<>(fragments.subList(0, f));
            }
            int start = fragment.start();
            int end = fragment.end();
            while (match >= 0) {
                int leftEnd = match;
                if (vocab.has(TokenAttr.LSTRIP, id)) {
                    while (leftEnd > start && isSpace(text.charAt(leftEnd - 1))) {
                        leftEnd--;
                    }
                }
                if (leftEnd > start) {
                    out.add(new Fragment(-1, start, leftEnd));
                }
                out.add(new Fragment(id, match, match + token.length()));
                start = match + token.length();
                if (vocab.has(TokenAttr.RSTRIP, id)) {
                    while (start < end && isSpace(text.charAt(start))) {
                        start++;
                    }
                }
                match = start < end ? find(text, token, start, end) : -1;
            }
            if (start < end) {
                out.add(new Fragment(-1, start, end));
            }
        }
        return out == null ? fragments : out;
    }

    /** First occurrence of {@code token} lying wholly inside [from, to), or -1. */
    private static int find(String text, String token, int from, int to) {
        int at = text.indexOf(token, from);
        return at >= 0 && at + token.length() <= to ? at : -1;
    }

    /** C {@code isspace} in the "C" locale. */
    private static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}
