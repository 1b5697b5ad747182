package realizar.runtime.tokenizer;

import static realizar.runtime.tokenizer.CodepointFlags.isLetter;
import static realizar.runtime.tokenizer.CodepointFlags.isNumber;
import static realizar.runtime.tokenizer.CodepointFlags.isWhitespaceFlag;
import static realizar.runtime.tokenizer.Gpt2Splitter.cpt;
import static realizar.runtime.tokenizer.Gpt2Splitter.flags;

/**
 * Llama 3's pre-tokenizer regex
 * {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+}
 * as hand-written code, a port of llama.cpp's {@code unicode_regex_split_custom_llama3}.
 */
final class Llama3Splitter implements Splitter {
    static final String REGEX = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+"
            + "|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
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

                // (?i:'s|'t|'re|'ve|'m|'ll|'d)
                if (cpt == '\'' && pos + 1 < end) {
                    int next = CodepointFlags.toLower(cpt(cps, ini, end, pos + 1));
                    if (next == 's' || next == 't' || next == 'm' || next == 'd') {
                        pos += cuts.cut(pos + 2);
                        continue;
                    }
                    if (pos + 2 < end) {
                        int nextNext = CodepointFlags.toLower(cpt(cps, ini, end, pos + 2));
                        if ((next == 'r' && nextNext == 'e') || (next == 'v' && nextNext == 'e')
                                || (next == 'l' && nextNext == 'l')) {
                            pos += cuts.cut(pos + 3);
                            continue;
                        }
                    }
                }

                // [^\r\n\p{L}\p{N}]?\p{L}+
                if (!(cpt == '\r' || cpt == '\n' || isNumber(flags))) {
                    if (isLetter(flags) || isLetter(flags(allFlags, ini, end, pos + 1))) {
                        pos++;
                        while (isLetter(flags(allFlags, ini, end, pos))) {
                            pos++;
                        }
                        cuts.cut(pos);
                        continue;
                    }
                }

                // \p{N}{1,3}
                if (isNumber(flags)) {
                    int groupStart = pos;
                    while (isNumber(flags(allFlags, ini, end, pos))) {
                        if (++pos - groupStart >= 3) {
                            cuts.cut(pos);
                            groupStart = pos;
                        }
                    }
                    cuts.cut(pos);
                    continue;
                }

                //  ?[^\s\p{L}\p{N}]+[\r\n]*
                int flags2 = cpt == ' ' ? flags(allFlags, ini, end, pos + 1) : flags;
                if ((flags2 & (CodepointFlags.WHITESPACE | CodepointFlags.LETTER | CodepointFlags.NUMBER)) == 0
                        && flags != 0) {
                    pos += cpt == ' ' ? 1 : 0;
                    while (Gpt2Splitter.isOther(flags2)) {
                        flags2 = flags(allFlags, ini, end, ++pos);
                    }
                    int cpt2 = cpt(cps, ini, end, pos);
                    while (cpt2 == '\r' || cpt2 == '\n') {
                        cpt2 = cpt(cps, ini, end, ++pos);
                    }
                    cuts.cut(pos);
                    continue;
                }

                int whitespaces = 0;
                int lastEndOfNewline = 0;
                while (isWhitespaceFlag(flags(allFlags, ini, end, pos + whitespaces))) {
                    int cpt2 = cpt(cps, ini, end, pos + whitespaces);
                    if (cpt2 == '\r' || cpt2 == '\n') {
                        lastEndOfNewline = pos + whitespaces + 1;
                    }
                    whitespaces++;
                }
                // \s*[\r\n]+
                if (lastEndOfNewline > 0) {
                    pos = lastEndOfNewline;
                    cuts.cut(pos);
                    continue;
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
}
