package realizar.format.safetensors;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/**
 * A {@code tokenizer.json} vocabulary laid out by id: the model's {@code vocab} plus {@code added_tokens}, with the
 * GGUF token type of each (added special tokens CONTROL, other added tokens USER_DEFINED, ids no entry names
 * {@code [PAD<id>]} UNUSED, as convert_hf_to_gguf.py fills gaps).
 *
 * @param ids text to id, as the files spell the tokens (before any GGUF renaming)
 */
record Vocab(String[] tokens, int[] types, Map<String, Integer> ids) {
    /** More would be a corrupt file (the largest real vocabularies have about 260,000 entries). */
    private static final int MAX_TOKENS = 4_000_000;

    static Vocab read(JsonObject tj, JsonObject model) {
        if (!(model.raw("vocab") instanceof Map<?, ?> vocab)) {
            throw new RealizarException(ErrorCode.MALFORMED_MODEL, "tokenizer.json: model.vocab must be an object of token → id");
        }
        List<Object> added = tj.list("added_tokens").orElse(List.of());
        long max = -1;
        for (Object id : vocab.values()) {
            max = Math.max(max, tokenId(id, "model.vocab"));
        }
        for (Object o : added) {
            max = Math.max(max, JsonObject.of(o, "tokenizer.json added_tokens").requireInteger("id"));
        }
        if (max >= MAX_TOKENS) {
            throw new RealizarException(ErrorCode.MALFORMED_MODEL, "tokenizer.json: token id " + max + " is implausibly large");
        }
        int n = (int) max + 1;
        String[] tokens = new String[n];
        int[] types = new int[n];
        Map<String, Integer> ids = new HashMap<>(n * 2);
        for (Map.Entry<?, ?> e : vocab.entrySet()) {
            int id = (int) tokenId(e.getValue(), "model.vocab");
            tokens[id] = (String) e.getKey();
            types[id] = HfTokenizerConverter.NORMAL;
            ids.put(tokens[id], id);
        }
        for (Object o : added) {
            JsonObject t = JsonObject.of(o, "tokenizer.json added_tokens");
            int id = (int) t.requireInteger("id");
            String content = t.string("content").orElseThrow(() -> t.missing("content"));
            tokens[id] = content;
            types[id] = t.bool("special").orElse(false) ? HfTokenizerConverter.CONTROL : HfTokenizerConverter.USER_DEFINED;
            ids.put(content, id);
        }
        for (int i = 0; i < n; i++) {
            if (tokens[i] == null) {
                tokens[i] = "[PAD" + i + "]";
                types[i] = HfTokenizerConverter.UNUSED;
            }
        }
        return new Vocab(tokens, types, ids);
    }

    private static long tokenId(Object id, String where) {
        if (!(id instanceof Long l) || l < 0) {
            throw new RealizarException(ErrorCode.MALFORMED_MODEL, "tokenizer.json: " + where + " has a token id that is not a non-negative integer: " + id);
        }
        return l;
    }
}
