package realizar.runtime.quantize;

import java.util.Comparator;

/**
 * The order llama.cpp's model loader keeps weights in ({@code weight_name_comparer}): tensors outside the blocks
 * first, then block by block by layer number, each group by name. llama-quantize visits and writes tensors in this
 * order, and its per-layer counters depend on it.
 */
public final class LlamaTensorOrder {
    public static final Comparator<String> BY_NAME = Comparator.comparingInt(LlamaTensorOrder::layerOf)
            .thenComparing(Comparator.naturalOrder());

    private LlamaTensorOrder() {
    }

    /** The layer number in {@code blk.N.…}, or -1 for tensors outside the blocks (as {@code sscanf("blk.%d.")}). */
    static int layerOf(String name) {
        if (!name.startsWith("blk.")) {
            return -1;
        }
        int i = 4;
        int sign = 1;
        if (i < name.length() && (name.charAt(i) == '-' || name.charAt(i) == '+')) {
            sign = name.charAt(i) == '-' ? -1 : 1;
            i++;
        }
        int start = i;
        long v = 0;
        while (i < name.length() && Character.isDigit(name.charAt(i)) && v < Integer.MAX_VALUE) {
            v = v * 10 + (name.charAt(i) - '0');
            i++;
        }
        return i == start ? -1 : (int) (sign * Math.min(v, Integer.MAX_VALUE));
    }
}
