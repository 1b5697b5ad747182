package realizar.runtime.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.PriorityQueue;

/**
 * SentencePiece BPE as llama.cpp's {@code llm_tokenizer_spm_session}: the text (spaces already "▁") starts as one
 * symbol per character; the adjacent pair whose concatenation is the vocabulary entry with the highest score is
 * merged first (ties: leftmost), until no pair is a token. A final symbol that is not a token falls back to its
 * UTF-8 bytes as {@code <0xNN>} tokens.
 */
final class SpmEncoder {
    private final Vocabulary vocab;

    SpmEncoder(Vocabulary vocab) {
        this.vocab = vocab;
    }

    private record Bigram(int left, int right, float score, int size) {
    }

    void encode(String text, IntList out) {
        int n = text.codePointCount(0, text.length());
        if (n == 0) {
            return;
        }
        int[] start = new int[n];
        int[] length = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0, offset = 0; i < n; i++) {
            int len = Character.charCount(text.codePointAt(offset));
            start[i] = offset;
            length[i] = len;
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
            offset += len;
        }
        // std::priority_queue with llama.cpp's comparator: highest score on top, then the smallest left index.
        PriorityQueue<Bigram> queue = new PriorityQueue<>((a, b) -> {
            if (a.score > b.score) {
                return -1;
            }
            if (a.score < b.score) {
                return 1;
            }
            return Integer.compare(a.left, b.left);
        });
        for (int i = 1; i < n; i++) {
            tryAddBigram(text, start, length, i - 1, i, queue);
        }
        while (!queue.isEmpty()) {
            Bigram bigram = queue.poll();
            int left = bigram.left;
            int right = bigram.right;
            // Skip a pair that an earlier merge changed.
            if (length[left] == 0 || length[right] == 0 || length[left] + length[right] != bigram.size) {
                continue;
            }
            length[left] += length[right];
            length[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            tryAddBigram(text, start, length, prev[left], left, queue);
            tryAddBigram(text, start, length, left, next[left], queue);
        }
        for (int i = 0; i != -1; i = next[i]) {
            String symbol = text.substring(start[i], start[i] + length[i]);
            int id = vocab.id(symbol);
            if (id != Vocabulary.NONE) {
                out.add(id);
            } else {
                // llama.cpp's resegment: a symbol that is not a token was never merged (merges only form tokens),
                // so it is one character, emitted as byte tokens.
                for (byte b : symbol.getBytes(StandardCharsets.UTF_8)) {
                    out.add(vocab.byteToken(b & 0xFF));
                }
            }
        }
    }

    private void tryAddBigram(String text, int[] start, int[] length, int left, int right,
                              PriorityQueue<Bigram> queue) {
        if (left == -1 || right == -1) {
            return;
        }
        int size = length[left] + length[right];
        int id = vocab.id(text.substring(start[left], start[left] + size));
        if (id == Vocabulary.NONE) {
            return;
        }
        queue.add(new Bigram(left, right, vocab.scores[id], size));
    }
}
