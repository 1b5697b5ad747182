package realizar.runtime.tokenizer;

/**
 * One step of a BPE pre-tokenizer (llama.cpp {@code unicode_regex_split}): cuts each segment of a text into smaller
 * ones. Segments are consecutive lengths in codepoints; what a regex does not match stays a segment of its own, so
 * the segments always cover the whole text. Implementations are immutable and thread-safe.
 */
interface Splitter {
    IntList split(CodepointText text, IntList segments);

    /** Collects the pieces of one segment, as llama.cpp's {@code _add_token} lambda does. */
    final class Cuts {
        private final IntList out;
        private int previousEnd;

        Cuts(IntList out, int segmentStart) {
            this.out = out;
            this.previousEnd = segmentStart;
        }

        /** Ends a piece at {@code end}; returns its length (0 adds nothing). */
        int cut(int end) {
            int length = end - previousEnd;
            if (length > 0) {
                out.add(length);
            }
            previousEnd = end;
            return length;
        }
    }
}
