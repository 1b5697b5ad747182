package realizar.runtime.tokenizer;

import static realizar.runtime.tokenizer.CodepointFlags.isLetter;
import static realizar.runtime.tokenizer.CodepointFlags.isNumber;
import static realizar.runtime.tokenizer.CodepointFlags.isWhitespaceFlag;

/**
 * GPT-2's pre-tokenizer regex {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}
 * as hand-written code, a port of llama.cpp's {@code unicode_regex_split_custom_gpt2}, which llama.cpp uses wherever
 * this regex appears (so its behaviour, not a regex engine's, is the reference).
 */
final class Gpt2Splitter implements Splitter {
    static final String REGEX = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)";
    private static final int OUT_OF_RANGE = -1;

    @Override
    public IntList split(CodepointText text, IntList segments) {
        int[] cps = text.cps;
        int[] allFlags = text.flags();
        IntList out = new IntList(segments.size() * 4);
        int start = 0;
        for (int s = 0; s < segments.size(); s++) {
            int ini = start;
            int end = start + segments.get(s);
            start = end;
            Cuts cuts = new Cuts(out, ini);
            for (int pos = ini; pos < end; ) {
                int cpt = cpt(cps, ini, end, pos);
                int flags = flags(allFlags, ini, end, pos);

                // 's|'t|'re|'ve|'m|'ll|'d
                if (cpt == '\'' && pos + 1 < end) {
                    int next = cpt(cps, ini, end, pos + 1);
                    if (next == 's' || next == 't' || next == 'm' || next == 'd') {
                        pos += cuts.cut(pos + 2);
                        continue;
                    }
                    if (pos + 2 < end) {
                        int nextNext = cpt(cps, ini, end, pos + 2);
                        if ((next == 'r' && nextNext == 'e') || (next == 'v' && nextNext == 'e')
                                || (next == 'l' && nextNext == 'l')) {
                            pos += cuts.cut(pos + 3);
                            continue;
                        }
                    }
                }

                int flags2 = cpt == ' ' ? flags(allFlags, ini, end, pos + 1) : flags;
                //  ?\p{L}+
                if (isLetter(flags2)) {
                    pos += cpt == ' ' ? 1 : 0;
                    while (isLetter(flags2)) {
                        flags2 = flags(allFlags, ini, end, ++pos);
                    }
                    cuts.cut(pos);
                    continue;
                }
                //  ?\p{N}+
                if (isNumber(flags2)) {
                    pos += cpt == ' ' ? 1 : 0;
                    while (isNumber(flags2)) {
                        flags2 = flags(allFlags, ini, end, ++pos);
                    }
                    cuts.cut(pos);
                    continue;
                }
                //  ?[^\s\p{L}\p{N}]+
                if (isOther(flags2)) {
                    pos += cpt == ' ' ? 1 : 0;
                    while (isOther(flags2)) {
                        flags2 = flags(allFlags, ini, end, ++pos);
                    }
                    cuts.cut(pos);
                    continue;
                }

                int whitespaces = 0;
                while (isWhitespaceFlag(flags(allFlags, ini, end, pos + whitespaces))) {
                    whitespaces++;
                }
                // \s+(?!\S)
                if (whitespaces > 1 && cpt(cps, ini, end, pos + whitespaces) != OUT_OF_RANGE) {
                    pos += whitespaces - 1;
                    cuts.cut(pos);
                    continue;
                }
                // \s+
                if (whitespaces > 0) {
                    pos += whitespaces;
                    cuts.cut(pos);
                    continue;
                }
                cuts.cut(++pos);
            }
        }
        return out;
    }

    /** {@code [^\s\p{L}\p{N}]} inside the segment (flags 0 means outside it). */
    static boolean isOther(int flags) {
        return (flags & (CodepointFlags.WHITESPACE | CodepointFlags.LETTER | CodepointFlags.NUMBER)) == 0 && flags != 0;
    }

    static int cpt(int[] cps, int ini, int end, int pos) {
        return pos >= ini && pos < end ? cps[pos] : OUT_OF_RANGE;
    }

    static int flags(int[] flags, int ini, int end, int pos) {
        return pos >= ini && pos < end ? flags[pos] : 0;
    }
}
