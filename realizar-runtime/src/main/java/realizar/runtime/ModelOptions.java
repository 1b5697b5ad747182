package realizar.runtime;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.runtime.model.KvType;

/**
 * How to load a model.
 *
 * @param format        the format reader by name, or null to recognise the file by its magic bytes
 * @param contextLength KV cache positions; 0 = the model's trained length, capped at {@link #DEFAULT_MAX_CONTEXT}
 * @param kvType        KV cache precision (llama.cpp's default is F16)
 * @param batchSize     the most prompt tokens evaluated in one forward pass
 */
public record ModelOptions(String format, int contextLength, KvType kvType, int batchSize) {
    /** Like llama.cpp's default {@code -c 4096}: a long trained context would otherwise take gigabytes of cache. */
    public static final int DEFAULT_MAX_CONTEXT = 4096;

    public ModelOptions {
        if (contextLength < 0) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "--ctx must be >= 0, got " + contextLength);
        }
        if (batchSize <= 0) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "batch size must be > 0, got " + batchSize);
        }
        kvType = kvType == null ? KvType.F16 : kvType;
    }

    public static ModelOptions defaults() {
        return new ModelOptions(null, 0, KvType.F16, 512);
    }

    public ModelOptions withContextLength(int ctx) {
        return new ModelOptions(format, ctx, kvType, batchSize);
    }

    public ModelOptions withKvType(KvType kv) {
        return new ModelOptions(format, contextLength, kv, batchSize);
    }

    public ModelOptions withFormat(String f) {
        return new ModelOptions(f, contextLength, kvType, batchSize);
    }
}
