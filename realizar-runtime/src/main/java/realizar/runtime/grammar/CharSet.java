package realizar.runtime.grammar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of Unicode code points as sorted, disjoint, non-adjacent inclusive ranges, the terminal of a grammar element
 * (a literal character, {@code [a-z]}, {@code [^"\\]}, {@code .}). ASCII membership is a bitmap because almost every
 * byte a tokenizer produces is ASCII. Immutable.
 */
final class CharSet {
    static final int MAX_CODE_POINT = 0x10FFFF;

    /** lo0, hi0, lo1, hi1, ... sorted, disjoint and not touching. */
    private final int[] ranges;
    private final long asciiLow;
    private final long asciiHigh;

    private CharSet(int[] ranges) {
        this.ranges = ranges;
        long low = 0;
        long high = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            for (int c = ranges[i]; c <= Math.min(ranges[i + 1], 127); c++) {
                if (c < 64) {
                    low |= 1L << c;
                } else {
                    high |= 1L << (c - 64);
                }
            }
        }
        this.asciiLow = low;
        this.asciiHigh = high;
    }

    static CharSet of(int codePoint) {
        return new CharSet(new int[] {codePoint, codePoint});
    }

    static CharSet any() {
        return new CharSet(new int[] {0, MAX_CODE_POINT});
    }

    /** Builds the union of {@code lo..hi} pairs given in any order; {@code negated} complements it. */
    static CharSet ofRanges(List<int[]> pairs, boolean negated) {
        List<int[]> sorted = new ArrayList<>(pairs);
        sorted.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] r : sorted) {
            if (!merged.isEmpty() && r[0] <= merged.getLast()[1] + 1) {
                merged.getLast()[1] = Math.max(merged.getLast()[1], r[1]);
            } else {
                merged.add(new int[] {r[0], r[1]});
            }
        }
        if (negated) {
            List<int[]> complement = new ArrayList<>();
            int next = 0;
            for (int[] r : merged) {
                if (r[0] > next) {
                    complement.add(new int[] {next, r[0] - 1});
                }
                next = r[1] + 1;
            }
            if (next <= MAX_CODE_POINT) {
                complement.add(new int[] {next, MAX_CODE_POINT});
            }
            merged = complement;
        }
        int[] flat = new int[merged.size() * 2];
        for (int i = 0; i < merged.size(); i++) {
            flat[2 * i] = merged.get(i)[0];
            flat[2 * i + 1] = merged.get(i)[1];
        }
        return new CharSet(flat);
    }

    boolean contains(int cp) {
        if (cp < 64) {
            return (asciiLow >>> cp & 1) != 0;
        }
        if (cp < 128) {
            return (asciiHigh >>> (cp - 64) & 1) != 0;
        }
        int lo = 0;
        int hi = ranges.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (cp < ranges[2 * mid]) {
                hi = mid - 1;
            } else if (cp > ranges[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** Whether some code point in {@code from..to} is in the set: can a partial UTF-8 sequence still match? */
    boolean intersects(int from, int to) {
        // First range that ends at or after 'from'; it intersects when it starts at or before 'to'.
        int lo = 0;
        int hi = ranges.length / 2;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ranges[2 * mid + 1] < from) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < ranges.length / 2 && ranges[2 * lo] <= to;
    }

    /** The union of several sets. */
    static CharSet union(List<CharSet> sets) {
        List<int[]> pairs = new ArrayList<>();
        for (CharSet s : sets) {
            for (int i = 0; i < s.ranges.length; i += 2) {
                pairs.add(new int[] {s.ranges[i], s.ranges[i + 1]});
            }
        }
        return ofRanges(pairs, false);
    }

    boolean isEmpty() {
        return ranges.length == 0;
    }

    /** The single code point of a one-character set, or -1. */
    int singleCodePoint() {
        return ranges.length == 2 && ranges[0] == ranges[1] ? ranges[0] : -1;
    }

    int rangeCount() {
        return ranges.length / 2;
    }

    int rangeStart(int i) {
        return ranges[2 * i];
    }

    int rangeEnd(int i) {
        return ranges[2 * i + 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CharSet c && Arrays.equals(ranges, c.ranges);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ranges);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < ranges.length; i += 2) {
            sb.append(Gbnf.escape(ranges[i]));
            if (ranges[i + 1] != ranges[i]) {
                sb.append('-').append(Gbnf.escape(ranges[i + 1]));
            }
        }
        return sb.append(']').toString();
    }
}
