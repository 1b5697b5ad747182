package realizar.runtime.quantize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.Metadata;

/** The {@code tokenizer.*} metadata of a synthetic model: copied from a vocabulary file, or a made-up SPM vocabulary. */
final class SynthVocabulary {
    private static final String VALUE_TYPES = "GGUF.value_types";

    private SynthVocabulary() {
    }

    /** Every {@code tokenizer.*} key of {@code vocab} (with its exact GGUF value type). */
    static Map<String, Object> copiedFrom(Metadata vocab, String where) {
        Map<String, Object> out = new LinkedHashMap<>();
        vocab.asMap().forEach((k, v) -> {
            if (k.startsWith("tokenizer.")) {
                out.put(k, v);
            }
        });
        if (!(out.get("tokenizer.ggml.tokens") instanceof List<?>)) {
            throw new RealizarException(ErrorCode.MALFORMED_MODEL, where + " has no tokenizer.ggml.tokens to copy");
        }
        List<String> types = new ArrayList<>();
        if (vocab.asMap().get(VALUE_TYPES) instanceof List<?> all) {
            for (Object o : all) {
                if (String.valueOf(o).startsWith("tokenizer.")) {
                    types.add(String.valueOf(o));
                }
            }
        }
        out.put(VALUE_TYPES, types);
        return out;
    }

    static int size(Map<String, Object> tokenizer) {
        return ((List<?>) tokenizer.get("tokenizer.ggml.tokens")).size();
    }

    /**
     * A SentencePiece-style vocabulary llama.cpp loads ({@code tokenizer.ggml.model = llama}): {@code <unk>},
     * {@code <s>}, {@code </s>}, the 256 byte tokens {@code <0x00>}…{@code <0xFF>}, then filler pieces.
     */
    static Map<String, Object> madeUp(int size) {
        if (size < 259) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "a made-up vocabulary needs at least 259 tokens, got " + size);
        }
        List<String> tokens = new ArrayList<>(size);
        float[] scores = new float[size];
        int[] types = new int[size];
        tokens.add("<unk>");
        types[0] = 2; // LLAMA_TOKEN_TYPE_UNKNOWN
        tokens.add("<s>");
        types[1] = 3; // CONTROL
        tokens.add("</s>");
        types[2] = 3;
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
            types[3 + b] = 6; // BYTE
        }
        for (int i = tokens.size(); i < size; i++) {
            tokens.add("\u2581t" + i);
            scores[i] = -i;
            types[i] = 1; // NORMAL
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tokenizer.ggml.model", "llama");
        out.put("tokenizer.ggml.tokens", tokens);
        out.put("tokenizer.ggml.scores", scores);
        out.put("tokenizer.ggml.token_type", types);
        out.put("tokenizer.ggml.bos_token_id", 1L);
        out.put("tokenizer.ggml.eos_token_id", 2L);
        out.put("tokenizer.ggml.unknown_token_id", 0L);
        out.put("tokenizer.ggml.add_bos_token", true);
        out.put("tokenizer.ggml.add_eos_token", false);
        out.put(VALUE_TYPES, List.of());
        return out;
    }
}
