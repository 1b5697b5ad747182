package realizar.runtime.embed;

import java.util.Locale;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/** How the hidden states of a sequence's tokens become one vector. */
public enum Pooling {
    /** The average over the sequence's tokens ([CLS] and [SEP] included, padding excluded): sentence-transformers' mean. */
    MEAN,
    /** The first token's state ([CLS]): bge. */
    CLS,
    /** The last token's state: decoder-style embedders. */
    LAST;

    /** llama.cpp's {@code <arch>.pooling_type} value (1 mean, 2 CLS, 3 last), or null for none/unknown. */
    static Pooling fromGgufType(long type) {
        return switch ((int) type) {
            case 1 -> MEAN;
            case 2 -> CLS;
            case 3 -> LAST;
            default -> null;
        };
    }

    /** {@code mean}, {@code cls} or {@code last}, any case. */
    public static Pooling parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "unknown pooling '" + name + "'; use mean, cls or last");
        }
    }
}
