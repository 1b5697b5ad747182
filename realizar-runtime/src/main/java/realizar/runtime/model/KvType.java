package realizar.runtime.model;

import java.util.Locale;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/**
 * Precision of the KV cache, and its storage: {@link KvCache} holds F16 as binary16 (2 bytes a value, half of F32) and
 * Q8_0 as ggml's blocks of 32 int8 quants with a binary16 scale (34 bytes per 32 values). Values are rounded as they
 * are stored exactly as llama.cpp's F16 / Q8_0 caches round them, so results match llama.cpp with the same setting.
 */
public enum KvType {
    F32, F16, Q8_0;

    public static KvType parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "--kv-type must be f32, f16 or q8_0, got '" + s + "'");
        }
    }

    /**
     * Rounds {@code len} values of {@code row} from {@code off} to this precision, in place: the floats a row stored in
     * a {@link KvCache} of this type reads back as (Q8_0 blocks start at {@code off}).
     */
    public void round(float[] row, int off, int len) {
        switch (this) {
            case F32 -> {
            }
            case F16 -> {
                for (int i = off; i < off + len; i++) {
                    row[i] = Float.float16ToFloat(Float.floatToFloat16(row[i]));
                }
            }
            case Q8_0 -> {
                // ggml quantize_row_q8_0: blocks of 32, d = amax/127 stored as f16, q = round(x/d).
                for (int b = off; b < off + len; b += 32) {
                    int end = Math.min(b + 32, off + len);
                    float amax = 0;
                    for (int i = b; i < end; i++) {
                        amax = Math.max(amax, Math.abs(row[i]));
                    }
                    float d = amax / 127f;
                    float id = d != 0 ? 1f / d : 0f;
                    float dStored = Float.float16ToFloat(Float.floatToFloat16(d));
                    for (int i = b; i < end; i++) {
                        row[i] = (float) Math.rint(row[i] * id) * dStored; // AVX2 path rounds half to even
                    }
                }
            }
        }
    }
}
