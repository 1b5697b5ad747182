package realizar.runtime.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.Metadata;

/**
 * Builds a {@link Vocabulary} from GGUF metadata, following llama.cpp's {@code llama_vocab::impl::load} step by step:
 * per-model defaults, the token arrays, special ids (an id outside the vocabulary keeps the default), the
 * {@code add_*} switches, then the text-based fix-ups ({@link SpecialTokenRules}).
 */
final class VocabularyLoader {
    private static final String P = "tokenizer.ggml.";

    private VocabularyLoader() {
    }

    static Vocabulary load(Metadata md) {
        String model = md.findString(P + "model").orElseThrow(() -> Vocabulary.malformed(
                "metadata key '" + P + "model' is missing: the model has no tokenizer"));
        Vocabulary.Kind kind;
        int bos;
        int eos;
        int unk;
        int sep = Vocabulary.NONE;
        int pad = Vocabulary.NONE;
        boolean addBos;
        boolean addEos = false;
        boolean addSep = false;
        boolean addSpacePrefix;
        BpePreTokenizer pre = null;
        switch (model) {
            case "llama" -> {
                kind = Vocabulary.Kind.SPM;
                bos = 1;
                eos = 2;
                unk = 0;
                addBos = true;
                addSpacePrefix = true;
            }
            case "bert" -> {
                kind = Vocabulary.Kind.WPM;
                bos = 101;
                eos = Vocabulary.NONE;
                unk = 100;
                sep = 102;
                pad = 0;
                addBos = true;
                addSep = true;
                addSpacePrefix = false;
            }
            case "gpt2" -> {
                kind = Vocabulary.Kind.BPE;
                pre = BpePreTokenizer.forName(md.findString(P + "pre").orElse(null));
                bos = pre.hasBos() ? 11 : Vocabulary.NONE;
                eos = 11;
                unk = Vocabulary.NONE;
                addBos = pre.addBosDefault();
                addSpacePrefix = false;
            }
            case "no_vocab", "none" -> throw new RealizarException(ErrorCode.UNSUPPORTED_OPERATION,
                    "the model has no vocabulary (" + P + "model = '" + model + "'): it cannot tokenize text");
            case "t5", "rwkv", "plamo2", "gemma4", "hybriddna", "whitespace" ->
                    throw new RealizarException(ErrorCode.UNSUPPORTED_OPERATION, "tokenizer '" + model + "' ("
                            + P + "model) is not supported; supported: llama (SentencePiece), gpt2 (byte-level BPE), "
                            + "bert (WordPiece)");
            default -> throw new RealizarException(ErrorCode.UNSUPPORTED_OPERATION, "unknown tokenizer '" + model
                    + "' (" + P + "model); supported: llama, gpt2, bert");
        }
        addSpacePrefix = md.getBoolean(P + "add_space_prefix", addSpacePrefix);

        if (!md.has(P + "tokens")) {
            throw Vocabulary.malformed("metadata key '" + P + "tokens' is missing: the model has no vocabulary");
        }
        List<String> tokenList = md.getStrings(P + "tokens");
        int n = tokenList.size();
        String[] texts = new String[n];
        Map<String, Integer> ids = Vocabulary.newMap(n);
        for (int i = 0; i < n; i++) {
            String text = tokenList.get(i);
            if (text == null || text.isEmpty()) {
                text = "[EMPTY_" + i + "]";
            }
            texts[i] = text;
            // llama.cpp refuses duplicates; real files whose byte tokens lost their invalid UTF-8 may have some,
            // so the first id keeps the text.
            ids.putIfAbsent(text, i);
        }
        float[] scores = readScores(md, n);
        int[] attrs = readAttrs(md, n);
        Map<String, Integer> mergeRanks = kind == Vocabulary.Kind.BPE ? readMerges(md) : Map.of();

        bos = specialId(md, "bos_token_id", bos, n);
        if (kind == Vocabulary.Kind.WPM && !md.has(P + "bos_token_id")) {
            bos = specialId(md, "cls_token_id", bos, n);
        }
        eos = specialId(md, "eos_token_id", eos, n);
        int eot = specialId(md, "eot_token_id", Vocabulary.NONE, n);
        int eom = specialId(md, "eom_token_id", Vocabulary.NONE, n);
        unk = specialId(md, "unknown_token_id", unk, n);
        sep = specialId(md, "seperator_token_id", sep, n);
        pad = specialId(md, "padding_token_id", pad, n);
        int[] fim = {
                specialId(md, "fim_pad_token_id", Vocabulary.NONE, n),
                specialId(md, "fim_rep_token_id", Vocabulary.NONE, n),
                specialId(md, "fim_sep_token_id", Vocabulary.NONE, n),
                specialId(md, "fim_pre_token_id", specialId(md, "prefix_token_id", Vocabulary.NONE, n), n),
                specialId(md, "fim_suf_token_id", specialId(md, "suffix_token_id", Vocabulary.NONE, n), n),
                specialId(md, "fim_mid_token_id", specialId(md, "middle_token_id", Vocabulary.NONE, n), n)};

        addBos = md.getBoolean(P + "add_bos_token", addBos);
        addEos = md.getBoolean(P + "add_eos_token", addEos);
        addSep = md.getBoolean(P + "add_sep_token", addSep);
        requireId(addBos, bos, "add_bos_token", "bos_token_id");
        requireId(addEos, eos, "add_eos_token", "eos_token_id");
        requireId(addSep, sep, "add_sep_token", "seperator_token_id");
        boolean lowercase = md.getBoolean(P + "normalizer.lowercase", true);
        boolean stripAccents = md.getBoolean(P + "normalizer.strip_accents", lowercase);

        SpecialTokenRules.Result rules = SpecialTokenRules.apply(texts, attrs, eos, eot, eom, fim);
        int[] specialTokens = specialTokens(texts, attrs);
        SpecialTokenRules.applyStripAttrs(md, texts, attrs, ids, specialTokens);

        Vocabulary.SpecialIds special = new Vocabulary.SpecialIds(bos, eos, rules.eot(), rules.eom(), unk, sep, pad);
        Vocabulary.Flags flags = new Vocabulary.Flags(addBos, addEos, addSep, addSpacePrefix,
                pre != null && pre.ignoreMerges(), lowercase, stripAccents);
        return new Vocabulary(kind, model, pre, texts, scores, attrs, ids, mergeRanks, special, flags,
                rules.endOfGeneration(), specialTokens);
    }

    private static float[] readScores(Metadata md, int n) {
        String key = P + "scores";
        Optional<Object> value = md.get(key);
        if (value.isEmpty()) {
            return new float[n];
        }
        float[] scores;
        if (value.get() instanceof int[] ints) {
            scores = new float[ints.length];
            for (int i = 0; i < ints.length; i++) {
                scores[i] = ints[i];
            }
        } else {
            scores = md.getFloats(key);
        }
        if (scores.length < n) {
            throw Vocabulary.malformed("metadata key '" + key + "' has " + scores.length + " entries for " + n
                    + " tokens");
        }
        return scores;
    }

    private static int[] readAttrs(Metadata md, int n) {
        String key = P + "token_type";
        int[] attrs = new int[n];
        if (!md.has(key)) {
            java.util.Arrays.fill(attrs, TokenAttr.NORMAL);
            return attrs;
        }
        int[] types = md.getInts(key);
        if (types.length < n) {
            throw Vocabulary.malformed("metadata key '" + key + "' has " + types.length + " entries for " + n
                    + " tokens");
        }
        for (int i = 0; i < n; i++) {
            attrs[i] = TokenAttr.fromGgufType(types[i]);
        }
        return attrs;
    }

    /** llama.cpp's {@code bpe_ranks}: "left right" to its rank; the first listing of a pair wins. */
    private static Map<String, Integer> readMerges(Metadata md) {
        String key = P + "merges";
        if (!md.has(key)) {
            throw Vocabulary.malformed("metadata key '" + key + "' is missing: a BPE (gpt2) tokenizer needs merges");
        }
        List<String> merges = md.getStrings(key);
        Map<String, Integer> ranks = Vocabulary.newMap(merges.size());
        for (int i = 0; i < merges.size(); i++) {
            String merge = merges.get(i);
            int space = merge.indexOf(' ', 1);
            ranks.putIfAbsent(space >= 0 ? merge : " ", i);
        }
        return ranks;
    }

    private static int specialId(Metadata md, String key, int fallback, int n) {
        int id = fallback >= n ? Vocabulary.NONE : fallback;
        Optional<Long> value = md.findLong(P + key);
        if (value.isPresent() && value.get() >= 0 && value.get() < n) {
            id = (int) (long) value.get();
        }
        return id;
    }

    private static void requireId(boolean add, int id, String addKey, String idKey) {
        if (add && id == Vocabulary.NONE) {
            throw Vocabulary.malformed("metadata " + P + addKey + " is true, but " + P + idKey + " is not set");
        }
    }

    /** Tokens with a control, user-defined or unknown attribute, longest UTF-8 text first (ties by id). */
    private static int[] specialTokens(String[] texts, int[] attrs) {
        List<Integer> special = new ArrayList<>();
        for (int id = 0; id < texts.length; id++) {
            if ((attrs[id] & (TokenAttr.CONTROL | TokenAttr.USER_DEFINED | TokenAttr.UNKNOWN)) != 0) {
                special.add(id);
            }
        }
        special.sort(Comparator.comparingInt((Integer id) -> -Vocabulary.utf8Length(texts[id]))
                .thenComparingInt(id -> id));
        return special.stream().mapToInt(Integer::intValue).toArray();
    }
}
