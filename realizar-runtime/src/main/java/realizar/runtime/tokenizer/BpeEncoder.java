package realizar.runtime.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.PriorityQueue;

/**
 * Byte-level BPE as llama.cpp's {@code llm_tokenizer_bpe_session}: the pre-tokenizer cuts the text into words, each
 * word's UTF-8 bytes become byte-level characters, then the adjacent pair with the lowest merge rank is merged first
 * (ties: leftmost) until no pair has a rank. With {@code ignore_merges} a word that is itself a token is taken whole.
 */
final class BpeEncoder {
    private final Vocabulary vocab;

    BpeEncoder(Vocabulary vocab) {
        this.vocab = vocab;
    }

    private record Bigram(int left, int right, String text, int rank) {
    }

    void encode(String text, IntList out) {
        CodepointText cps = new CodepointText(text);
        IntList words = vocab.preTokenizer.split(cps);
        int start = 0;
        for (int w = 0; w < words.size(); w++) {
            int length = words.get(w);
            String word = new String(cps.cps, start, length);
            start += length;
            encodeWord(ByteLevel.encode(word.getBytes(StandardCharsets.UTF_8)), out);
        }
    }

    private void encodeWord(String word, IntList out) {
        if (vocab.flags.ignoreMerges()) {
            int id = vocab.id(word);
            if (id != Vocabulary.NONE) {
                out.add(id);
                return;
            }
        }
        // Byte-level characters are all in the BMP: one char per symbol.
        int n = word.length();
        int[] start = new int[n];
        int[] length = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            start[i] = i;
            length[i] = 1;
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        PriorityQueue<Bigram> queue = new PriorityQueue<>((a, b) ->
                a.rank != b.rank ? Integer.compare(a.rank, b.rank) : Integer.compare(a.left, b.left));
        for (int i = 1; i < n; i++) {
            addBigram(word, start, length, i - 1, i, queue);
        }
        while (!queue.isEmpty()) {
            Bigram bigram = queue.poll();
            int left = bigram.left;
            int right = bigram.right;
            if (length[left] == 0 || length[right] == 0) {
                continue;
            }
            // Skip a pair that an earlier merge changed.
            if (!bigram.text.regionMatches(0, word, start[left], bigram.text.length())
                    || length[left] + length[right] != bigram.text.length()) {
                continue;
            }
            length[left] += length[right];
            length[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            addBigram(word, start, length, prev[left], left, queue);
            addBigram(word, start, length, left, next[left], queue);
        }
        for (int i = 0; i != -1; i = next[i]) {
            String symbol = word.substring(start[i], start[i] + length[i]);
            int id = vocab.id(symbol);
            if (id != Vocabulary.NONE) {
                out.add(id);
                continue;
            }
            // llama.cpp looks up each byte of the symbol's UTF-8 as a one-byte token: only ASCII can match.
            for (int k = 0; k < symbol.length(); k++) {
                char c = symbol.charAt(k);
                int byteId = c < 0x80 ? vocab.id(String.valueOf(c)) : Vocabulary.NONE;
                if (byteId != Vocabulary.NONE) {
                    out.add(byteId);
                }
            }
        }
    }

    private void addBigram(String word, int[] start, int[] length, int left, int right, PriorityQueue<Bigram> queue) {
        if (left == -1 || right == -1) {
            return;
        }
        String leftText = word.substring(start[left], start[left] + length[left]);
        String rightText = word.substring(start[right], start[right] + length[right]);
        Integer rank = vocab.mergeRanks.get(leftText + " " + rightText);
        if (rank != null) {
            queue.add(new Bigram(left, right, leftText + rightText, rank));
        }
    }
}
