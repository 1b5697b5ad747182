package realizar.format.safetensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/**
 * Translates a Hugging Face tokenizer ({@code tokenizer.json}, {@code tokenizer_config.json},
 * {@code generation_config.json}) into the {@code tokenizer.ggml.*} keys convert_hf_to_gguf.py writes, so that the
 * runtime's GGUF tokenizers handle it:
 * <ul>
 *   <li>WordPiece → {@code bert}: word-initial pieces get "▁", {@code ##} continuations lose their prefix,
 *       {@code [..]} tokens stay as they are; BertNormalizer's lowercase / strip_accents flags are kept.</li>
 *   <li>byte-level BPE → {@code gpt2} with merges, the pre-tokenizer named by its split regex (Llama 3, Qwen2,
 *       GPT-2); an unknown regex gives {@code tokenizer.ggml.pre = "unknown"}, which the runtime refuses by name
 *       rather than tokenizing wrongly.</li>
 *   <li>SentencePiece-style BPE (byte fallback, "▁" for spaces) → {@code llama}, scores from the merge ranks.</li>
 * </ul>
 * Added tokens become CONTROL (special) or USER_DEFINED; {@code tokenizer_config.json} gives the chat template,
 * {@code add_bos_token}/{@code add_eos_token} and special tokens by their text. A folder without
 * {@code tokenizer.json} but with a {@code tokenizer_vocab.json} piece list (id, piece, score, type) is read as
 * SentencePiece.
 */
final class HfTokenizerConverter {
    private static final String P = "tokenizer.ggml.";
    // SentencePiece token types, as GGUF stores them.
    static final int NORMAL = 1;
    static final int UNKNOWN = 2;
    static final int CONTROL = 3;
    static final int USER_DEFINED = 4;
    static final int UNUSED = 5;
    static final int BYTE = 6;

    private static final String LLAMA3_REGEX = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    private static final String QWEN2_REGEX = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    private static final String GPT2_REGEX = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    private HfTokenizerConverter() {
    }

    /** Adds the tokenizer keys for the folder {@code dir}; adds nothing when it has no tokenizer files. */
    static void addMetadata(Path dir, JsonObject config, Optional<JsonObject> tokenizerJson, Map<String, Object> md) {
        Map<String, Integer> ids;
        if (tokenizerJson.isPresent()) {
            ids = fromTokenizerJson(tokenizerJson.get(), md);
        } else {
            Optional<JsonObject> pieces = JsonObject.readIfPresent(dir.resolve("tokenizer_vocab.json"));
            if (pieces.isEmpty()) {
                return;
            }
            ids = fromPieceList(pieces.get(), md);
        }
        Optional<JsonObject> tokenizerConfig = JsonObject.readIfPresent(dir.resolve("tokenizer_config.json"));
        tokenizerConfig.ifPresent(tc -> fromTokenizerConfig(tc, ids, md));
        chatTemplateFile(dir, md);
        // Special ids the model config states, where the tokenizer files left them open.
        Optional<JsonObject> generation = JsonObject.readIfPresent(dir.resolve("generation_config.json"));
        for (JsonObject c : generation.isPresent() ? List.of(generation.get(), config) : List.of(config)) {
            firstId(c, "bos_token_id").ifPresent(id -> md.putIfAbsent(P + "bos_token_id", id));
            firstId(c, "eos_token_id").ifPresent(id -> md.putIfAbsent(P + "eos_token_id", id));
            firstId(c, "pad_token_id").ifPresent(id -> md.putIfAbsent(P + "padding_token_id", id));
        }
    }

    private static Map<String, Integer> fromTokenizerJson(JsonObject tj, Map<String, Object> md) {
        JsonObject model = tj.object("model").orElseThrow(() -> tj.missing("model"));
        String type = model.string("type").orElse(model.has("merges") ? "BPE" : model.has("vocab") && model.raw("vocab") instanceof Map<?, ?> ? "WordPiece" : "");
        Vocab v = Vocab.read(tj, model);
        switch (type) {
            case "WordPiece" -> wordPiece(tj, model, v, md);
            case "BPE" -> {
                if (isByteLevel(tj)) {
                    byteLevelBpe(tj, model, v, md);
                } else {
                    sentencePieceBpe(tj, model, v, md);
                }
            }
            default -> throw new RealizarException(ErrorCode.UNSUPPORTED_OPERATION, "tokenizer.json: model type '" + type
                    + "' is not supported; supported: WordPiece, BPE (byte-level and SentencePiece-style)");
        }
        Optional<JsonObject> post = tj.object("post_processor");
        post.ifPresent(pp -> templateFlags(pp, v, md));
        return v.ids();
    }

    private static void wordPiece(JsonObject tj, JsonObject model, Vocab v, Map<String, Object> md) {
        String[] tokens = v.tokens().clone();
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = phantom(tokens[i]);
        }
        md.put(P + "model", "bert");
        md.put(P + "pre", "default");
        md.put(P + "tokens", Arrays.asList(tokens));
        md.put(P + "token_type", v.types());
        model.string("unk_token").map(v.ids()::get).ifPresent(id -> md.put(P + "unknown_token_id", (long) id));
        putIfKnown(md, "cls_token_id", v.ids().get("[CLS]"));
        putIfKnown(md, "seperator_token_id", v.ids().get("[SEP]"));
        putIfKnown(md, "padding_token_id", v.ids().get("[PAD]"));
        putIfKnown(md, "mask_token_id", v.ids().get("[MASK]"));
        tj.object("normalizer").filter(n -> "BertNormalizer".equals(n.string("type").orElse(""))).ifPresent(n -> {
            boolean lowercase = n.bool("lowercase").orElse(true);
            md.put(P + "normalizer.lowercase", lowercase);
            md.put(P + "normalizer.strip_accents", n.bool("strip_accents").orElse(lowercase));
        });
    }

    /** convert_hf_to_gguf.py's BertModel "phantom space" vocabulary. */
    static String phantom(String token) {
        if (token.startsWith("[") && token.endsWith("]")) {
            return token;
        }
        if (token.startsWith("##")) {
            return token.substring(2);
        }
        return "\u2581" + token;
    }

    private static void byteLevelBpe(JsonObject tj, JsonObject model, Vocab v, Map<String, Object> md) {
        md.put(P + "model", "gpt2");
        md.put(P + "pre", preTokenizerName(tj));
        md.put(P + "tokens", Arrays.asList(v.tokens()));
        md.put(P + "token_type", v.types());
        md.put(P + "merges", merges(model));
    }

    private static void sentencePieceBpe(JsonObject tj, JsonObject model, Vocab v, Map<String, Object> md) {
        String[] tokens = v.tokens();
        int[] types = v.types().clone();
        String unk = model.string("unk_token").orElse("<unk>");
        for (int i = 0; i < tokens.length; i++) {
            if (types[i] == NORMAL && tokens[i].matches("<0x[0-9A-Fa-f]{2}>")) {
                types[i] = BYTE;
            }
            if (tokens[i].equals(unk)) {
                types[i] = UNKNOWN;
            }
        }
        // SentencePiece merges the adjacent pair whose merged piece scores highest; a BPE merge list applies merges by
        // rank. Scoring each piece by minus the rank of the merge that makes it gives the same order.
        float[] scores = new float[tokens.length];
        Arrays.fill(scores, -1e9f);
        List<String> merges = merges(model);
        for (int rank = merges.size() - 1; rank >= 0; rank--) {
            Integer id = v.ids().get(merges.get(rank).replace(" ", ""));
            if (id != null) {
                scores[id] = -rank;
            }
        }
        md.put(P + "model", "llama");
        md.put(P + "tokens", Arrays.asList(tokens));
        md.put(P + "scores", scores);
        md.put(P + "token_type", types);
        putIfKnown(md, "unknown_token_id", v.ids().get(unk));
        md.put(P + "add_space_prefix", addsSpacePrefix(tj));
    }

    private static Map<String, Integer> fromPieceList(JsonObject pieces, Map<String, Object> md) {
        List<Object> list = pieces.list("pieces").orElseThrow(() -> pieces.missing("pieces"));
        String[] tokens = new String[list.size()];
        float[] scores = new float[list.size()];
        int[] types = new int[list.size()];
        Map<String, Integer> ids = new HashMap<>();
        for (Object o : list) {
            JsonObject p = JsonObject.of(o, pieces.source() + " piece");
            int id = Math.toIntExact(p.requireInteger("id"));
            if (id < 0 || id >= tokens.length || tokens[id] != null) {
                throw new RealizarException(ErrorCode.MALFORMED_MODEL, pieces.source() + ": piece id " + id + " is out of range or repeated");
            }
            tokens[id] = p.string("piece").orElseThrow(() -> p.missing("piece"));
            scores[id] = (float) p.number("score", 0);
            types[id] = (int) p.integer("type", NORMAL);
            ids.putIfAbsent(tokens[id], id);
        }
        md.put(P + "model", "llama");
        md.put(P + "tokens", Arrays.asList(tokens));
        md.put(P + "scores", scores);
        md.put(P + "token_type", types);
        return ids;
    }

    private static void fromTokenizerConfig(JsonObject tc, Map<String, Integer> ids, Map<String, Object> md) {
        tc.bool("add_bos_token").ifPresent(b -> md.put(P + "add_bos_token", b));
        tc.bool("add_eos_token").ifPresent(b -> md.put(P + "add_eos_token", b));
        String[][] specials = {{"bos_token", "bos_token_id"}, {"eos_token", "eos_token_id"}, {"unk_token", "unknown_token_id"},
                {"pad_token", "padding_token_id"}, {"sep_token", "seperator_token_id"}, {"cls_token", "cls_token_id"},
                {"mask_token", "mask_token_id"}};
        for (String[] s : specials) {
            Object value = tc.raw(s[0]);
            String text = value instanceof String str ? str
                    : value instanceof Map<?, ?> m && m.get("content") instanceof String c ? c : null;
            if (text != null && ids.containsKey(text)) {
                md.put(P + s[1], (long) ids.get(text));
            }
        }
        Object template = tc.raw("chat_template");
        if (template instanceof String t) {
            md.put("tokenizer.chat_template", t);
        } else if (template instanceof List<?> named) {
            for (Object o : named) {
                JsonObject entry = JsonObject.of(o, tc.source() + " chat_template entry");
                String name = entry.string("name").orElse("default");
                String text = entry.string("template").orElseThrow(() -> entry.missing("template"));
                md.put(name.equals("default") ? "tokenizer.chat_template" : "tokenizer.chat_template." + name, text);
            }
        }
    }

    /** Newer folders keep the template in its own file. */
    private static void chatTemplateFile(Path dir, Map<String, Object> md) {
        Path file = dir.resolve("chat_template.jinja");
        if (!md.containsKey("tokenizer.chat_template") && Files.isRegularFile(file)) {
            try {
                md.put("tokenizer.chat_template", Files.readString(file));
            } catch (IOException e) {
                throw new RealizarException(ErrorCode.IO_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** add_bos / add_eos from a TemplateProcessing post-processor's single-sequence template, as gguf-py reads them. */
    private static void templateFlags(JsonObject pp, Vocab v, Map<String, Object> md) {
        if ("Sequence".equals(pp.string("type").orElse(""))) {
            for (Object o : pp.list("processors").orElse(List.of())) {
                templateFlags(JsonObject.of(o, pp.source()), v, md);
            }
            return;
        }
        if (!"TemplateProcessing".equals(pp.string("type").orElse("")) || md.get(P + "model").equals("bert")) {
            return;
        }
        List<Object> single = pp.list("single").orElse(List.of());
        if (single.isEmpty()) {
            return;
        }
        Optional<Integer> first = specialTokenId(single.getFirst(), v);
        Optional<Integer> last = single.size() > 1 ? specialTokenId(single.getLast(), v) : Optional.empty();
        md.put(P + "add_bos_token", first.isPresent());
        first.ifPresent(id -> md.put(P + "bos_token_id", (long) id));
        md.put(P + "add_eos_token", last.isPresent());
        last.ifPresent(id -> md.put(P + "eos_token_id", (long) id));
    }

    private static Optional<Integer> specialTokenId(Object item, Vocab v) {
        if (item instanceof Map<?, ?> m && m.get("SpecialToken") instanceof Map<?, ?> st && st.get("id") instanceof String text) {
            return Optional.ofNullable(v.ids().get(text));
        }
        return Optional.empty();
    }

    private static boolean isByteLevel(JsonObject tj) {
        return mentionsType(tj.raw("pre_tokenizer"), "ByteLevel") || mentionsType(tj.raw("decoder"), "ByteLevel");
    }

    private static boolean addsSpacePrefix(JsonObject tj) {
        Object normalizer = tj.raw("normalizer");
        return mentionsType(normalizer, "Prepend") || (tj.raw("pre_tokenizer") instanceof Map<?, ?> m
                && "Metaspace".equals(m.get("type")) && !"never".equals(m.get("prepend_scheme")));
    }

    /** Whether a component or any component of a Sequence has the given type. */
    private static boolean mentionsType(Object component, String type) {
        if (component instanceof Map<?, ?> m) {
            if (type.equals(m.get("type"))) {
                return true;
            }
            for (Object child : m.values()) {
                if (child instanceof List<?> list && list.stream().anyMatch(c -> mentionsType(c, type))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The llama.cpp pre-tokenizer name for a byte-level BPE's split regex. */
    static String preTokenizerName(JsonObject tj) {
        List<String> regexes = new ArrayList<>();
        collectRegexes(tj.raw("pre_tokenizer"), regexes);
        if (regexes.isEmpty()) {
            return "gpt-2";                      // ByteLevel with use_regex: GPT-2's built-in pattern
        }
        if (regexes.size() == 1) {
            return switch (regexes.getFirst()) {
                case LLAMA3_REGEX -> "llama-bpe";
                case QWEN2_REGEX -> "qwen2";
                case GPT2_REGEX -> "gpt-2";
                default -> "unknown";
            };
        }
        return "unknown";
    }

    private static void collectRegexes(Object component, List<String> out) {
        if (component instanceof Map<?, ?> m) {
            if ("Split".equals(m.get("type")) && m.get("pattern") instanceof Map<?, ?> p && p.get("Regex") instanceof String r) {
                out.add(r);
            }
            for (Object child : m.values()) {
                if (child instanceof List<?> list) {
                    list.forEach(c -> collectRegexes(c, out));
                }
            }
        }
    }

    /** Merges as "left right" strings; tokenizer.json has them either so or as [left, right] pairs. */
    private static List<String> merges(JsonObject model) {
        List<Object> raw = model.list("merges").orElseThrow(() -> model.missing("merges"));
        List<String> out = new ArrayList<>(raw.size());
        for (Object o : raw) {
            if (o instanceof String s) {
                out.add(s);
            } else if (o instanceof List<?> pair && pair.size() == 2) {
                out.add(pair.get(0) + " " + pair.get(1));
            } else {
                throw new RealizarException(ErrorCode.MALFORMED_MODEL, "tokenizer.json: merge #" + out.size() + " is neither \"a b\" nor [a, b]");
            }
        }
        return out;
    }

    private static Optional<Long> firstId(JsonObject c, String key) {
        Object v = c.raw(key);
        if (v instanceof Long l) {
            return Optional.of(l);
        }
        if (v instanceof List<?> list && !list.isEmpty() && list.getFirst() instanceof Long l) {
            return Optional.of(l);
        }
        return Optional.empty();
    }

    private static void putIfKnown(Map<String, Object> md, String key, Integer id) {
        if (id != null) {
            md.put(P + key, (long) id);
        }
    }
}
