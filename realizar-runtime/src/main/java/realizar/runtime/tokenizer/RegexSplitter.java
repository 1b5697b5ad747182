package realizar.runtime.tokenizer;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pre-tokenizer regex run the way llama.cpp's generic path runs it ({@code unicode_regex_split_stl}): every match
 * and every gap between matches becomes a piece. A regex that names Unicode categories ({@code \p{L}} ...) runs on the
 * collapsed text with each category rewritten to its marker char plus its ASCII members, exactly as llama.cpp
 * rewrites it for {@code std::regex}; any other regex runs on the codepoints ({@code std::wregex}). The pattern is
 * compiled once.
 */
final class RegexSplitter implements Splitter {
    /** llama.cpp's {@code k_ucat_enum}/{@code k_ucat_map}: category, its marker and its ASCII members. */
    private static final Map<String, String> CATEGORY_CLASS = Map.of(
            "\\p{N}", CodepointText.NUMBER + "0-9",
            "\\p{L}", CodepointText.LETTER + "A-Za-z",
            "\\p{P}", CodepointText.PUNCTUATION + "!-#%-*,-/:-;?-@\\[-\\]_\\{\\}",
            "\\p{M}", String.valueOf(CodepointText.ACCENT_MARK),
            "\\p{S}", CodepointText.SYMBOL + "\\$\\+<->\\^`\\|",
            "\\p{Lu}", CodepointText.LETTER + "A-Za-z",
            "\\p{Ll}", CodepointText.LETTER + "A-Za-z",
            "\\p{Lt}", CodepointText.LETTER + "A-Za-z",
            "\\p{Lm}", CodepointText.LETTER + "A-Za-z",
            "\\p{Lo}", CodepointText.LETTER + "A-Za-z");

    private final String source;
    private final Pattern pattern;
    private final boolean collapsed;

    /** @param regex the regex as llama.cpp writes it (ECMAScript syntax that Java reads the same way) */
    RegexSplitter(String regex) {
        this.source = regex;
        this.collapsed = CATEGORY_CLASS.keySet().stream().anyMatch(regex::contains);
        this.pattern = Pattern.compile(collapsed ? collapse(regex) : regex);
    }

    @Override
    public IntList split(CodepointText text, IntList segments) {
        String subject = collapsed ? text.collapsed() : text.wide();
        Matcher m = pattern.matcher(subject);
        IntList out = new IntList(segments.size() * 4);
        int start = 0;
        for (int s = 0; s < segments.size(); s++) {
            int length = segments.get(s);
            int from = charIndex(text, start);
            int to = charIndex(text, start + length);
            m.region(from, to);
            int previous = from;
            while (m.find()) {
                if (m.start() > previous) {
                    out.add(cpIndex(text, m.start()) - cpIndex(text, previous));
                }
                if (m.end() > m.start()) {
                    out.add(cpIndex(text, m.end()) - cpIndex(text, m.start()));
                }
                previous = m.end();
            }
            if (previous < to) {
                out.add(cpIndex(text, to) - cpIndex(text, previous));
            }
            start += length;
        }
        return out;
    }

    private int charIndex(CodepointText text, int cpIndex) {
        return collapsed ? cpIndex : text.wideCharIndex(cpIndex);
    }

    private int cpIndex(CodepointText text, int charIndex) {
        return collapsed ? charIndex : text.wideCpIndex(charIndex);
    }

    /** The regex llama.cpp writes, with each {@code \p{..}} rewritten for the collapsed text. */
    static String collapse(String regex) {
        StringBuilder out = new StringBuilder(regex.length() + 64);
        boolean inside = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '[' && (i == 0 || regex.charAt(i - 1) != '\\')) {
                out.append('[');
                inside = true;
                continue;
            }
            if (inside && c == ']' && regex.charAt(i - 1) != '\\') {
                out.append(']');
                inside = false;
                continue;
            }
            if (c == '\\' && i + 3 < regex.length() && regex.charAt(i + 1) == 'p' && regex.charAt(i + 2) == '{') {
                int close = regex.indexOf('}', i + 3);
                if (close >= 0 && close <= i + 10) {
                    String members = CATEGORY_CLASS.get(regex.substring(i, close + 1));
                    if (members != null) {
                        out.append(inside ? "" : "[").append(members).append(inside ? "" : "]");
                        i = close;
                        continue;
                    }
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return source;
    }
}
