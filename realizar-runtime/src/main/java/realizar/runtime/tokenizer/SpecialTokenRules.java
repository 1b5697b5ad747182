package realizar.runtime.tokenizer;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import realizar.api.format.Metadata;

/**
 * llama.cpp's text-based fix-ups of a vocabulary (end of {@code llama_vocab::impl::load}): tokens whose text marks
 * end of turn, end of message or fill-in-the-middle become control tokens, the end-of-generation set is every token
 * with an end-of-turn text plus EOS/EOT/EOM, a few model-specific exceptions, and the strip attributes that make
 * special tokens eat neighbouring spaces (Phi-3, Jina, ModernBERT).
 */
final class SpecialTokenRules {
    private static final Set<String> EOT = Set.of("<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>",
            "<|endoftext|>", "<|end_of_text|>", "<EOT>", "_<EOT>", "[EOT]", "<｜end▁of▁sentence｜>",
            "<end_of_utterance>");
    private static final Set<String> EOM = Set.of("<|eom_id|>");
    private static final Set<String> FIM_PRE = Set.of("<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>",
            "<｜fim▁begin｜>", "<PRE>", "▁<PRE>", "<|code_prefix|>", "<|prefix|>");
    private static final Set<String> FIM_SUF = Set.of("<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>",
            "<｜fim▁hole｜>", "<SUF>", "▁<SUF>", "<|code_suffix|>", "<|suffix|>");
    private static final Set<String> FIM_MID = Set.of("<|fim_middle|>", "<fim-middle>", "<fim_middle>",
            "<｜fim▁end｜>", "<MID>", "▁<MID>", "<|code_middle|>", "<|middle|>");
    private static final Set<String> FIM_PAD = Set.of("<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]");
    private static final Set<String> FIM_REP = Set.of("<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>",
            "<reponame>");
    private static final Set<String> FIM_SEP = Set.of("<|file_sep|>");
    private static final Set<String> END_OF_GENERATION = Set.of("<|eot_id|>", "<|im_end|>", "<|end|>",
            "<|return|>", "<|call|>", "<|flush|>", "<|calls|>", "<end_of_turn>", "<|endoftext|>", "</s>",
            "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]", "<|end_of_text|>", "<end_of_utterance>", "<eos>",
            "<turn|>", "<|tool_response>", "<｜end▁of▁sentence｜>", "[e~[");
    /** gpt-oss: always rendered, so user-defined. */
    private static final Set<String> ALWAYS_RENDERED = Set.of("<|channel|>", "<|message|>", "<|start|>",
            "<|constrain|>");

    record Result(int eot, int eom, Set<Integer> endOfGeneration) {
    }

    private SpecialTokenRules() {
    }

    /**
     * Marks control tokens in {@code attrs} and computes the end-of-generation set. Where several tokens match one
     * role, llama.cpp takes whichever its hash map yields first; here the highest id wins.
     *
     * @param fim the FIM pad, repo, file-separator, prefix, suffix and middle ids from the metadata
     *            ({@link Vocabulary#NONE} if absent); a role given there is not looked for by text
     */
    static Result apply(String[] texts, int[] attrs, int eos, int eot, int eom, int[] fim) {
        int fimPad = fim[0];
        int fimRep = fim[1];
        int fimSep = fim[2];
        boolean fimPre = fim[3] != Vocabulary.NONE;
        boolean fimSuf = fim[4] != Vocabulary.NONE;
        boolean fimMid = fim[5] != Vocabulary.NONE;
        // Highest id first: llama.cpp walks its std::unordered_map, which in practice yields later insertions
        // first (so Llama 3's EOT is <|eot_id|>, Qwen's <|im_end|>, as llama.cpp reports them).
        for (int id = texts.length - 1; id >= 0; id--) {
            String t = texts[id];
            if (eot == Vocabulary.NONE && EOT.contains(t)) {
                eot = control(attrs, id);
            }
            if (eom == Vocabulary.NONE && EOM.contains(t)) {
                eom = control(attrs, id);
            }
            if (!fimPre && FIM_PRE.contains(t)) {
                fimPre = control(attrs, id) >= 0;
            }
            if (!fimSuf && FIM_SUF.contains(t)) {
                fimSuf = control(attrs, id) >= 0;
            }
            if (!fimMid && FIM_MID.contains(t)) {
                fimMid = control(attrs, id) >= 0;
            }
            if (fimPad == Vocabulary.NONE && FIM_PAD.contains(t)) {
                fimPad = control(attrs, id);
            }
            if (fimRep == Vocabulary.NONE && FIM_REP.contains(t)) {
                fimRep = control(attrs, id);
            }
            if (fimSep == Vocabulary.NONE && FIM_SEP.contains(t)) {
                fimSep = control(attrs, id);
            }
        }

        Set<Integer> eog = new TreeSet<>();
        for (int id : new int[] {fimPad, fimRep, fimSep}) {
            if (id != Vocabulary.NONE) {
                eog.add(id);
            }
        }
        for (int id = 0; id < texts.length; id++) {
            if (END_OF_GENERATION.contains(texts[id])) {
                eog.add(control(attrs, id));
            }
            if (ALWAYS_RENDERED.contains(texts[id])) {
                attrs[id] = TokenAttr.USER_DEFINED;
            }
        }
        for (int id : new int[] {eos, eot, eom}) {
            if (id != Vocabulary.NONE) {
                eog.add(id);
            }
        }
        // o200k_harmony / solar-open: "<|end|>" ends a message, not the generation.
        int end = find(texts, eog, "<|end|>");
        boolean hasReturn = find(texts, eog, "<|return|>") >= 0;
        boolean hasCall = find(texts, eog, "<|call|>") >= 0 || find(texts, eog, "<|calls|>") >= 0;
        boolean hasFlush = find(texts, eog, "<|flush|>") >= 0;
        if (end >= 0 && hasCall && (hasReturn || hasFlush)) {
            eog.remove(end);
            attrs[end] = TokenAttr.USER_DEFINED;
        }
        // gemma4 / paddleocr: "</s>" is ordinary text when "<|tool_response>" exists.
        int closeS = find(texts, eog, "</s>");
        if (closeS >= 0 && find(texts, eog, "<|tool_response>") >= 0) {
            eog.remove(closeS);
            attrs[closeS] = TokenAttr.NORMAL;
        }
        return new Result(eot, eom, eog);
    }

    /** llama.cpp's per-model strip attributes, applied after the special-token order is fixed. */
    static void applyStripAttrs(Metadata md, String[] texts, int[] attrs, Map<String, Integer> ids,
                                int[] specialTokens) {
        String name = md.findString("general.name").orElse("").toLowerCase(Locale.ROOT);
        String pre = md.findString("tokenizer.ggml.pre").orElse("");
        String arch = md.findString("general.architecture").orElse("");
        if (pre.contains("jina-v2-de") || pre.contains("jina-v2-es") || pre.contains("jina-v2-code")
                || arch.contains("nomic-bert-moe") || arch.contains("jina-bert-v3")) {
            set(attrs, ids, "<mask>", TokenAttr.LSTRIP, true);
        } else if (name.contains("phi-3") || name.contains("phi3")) {
            for (int id : specialTokens) {
                attrs[id] |= TokenAttr.RSTRIP;
            }
            set(attrs, ids, "</s>", TokenAttr.RSTRIP, true);
            for (String t : new String[] {"<unk>", "<s>", "<|endoftext|>"}) {
                set(attrs, ids, t, TokenAttr.RSTRIP, false);
            }
        } else if (name.contains("modern-bert")) {
            set(attrs, ids, "[MASK]", TokenAttr.LSTRIP, true);
        }
    }

    private static void set(int[] attrs, Map<String, Integer> ids, String text, int attr, boolean on) {
        Integer id = ids.get(text);
        if (id != null) {
            attrs[id] = on ? attrs[id] | attr : attrs[id] & ~attr;
        }
    }

    private static int control(int[] attrs, int id) {
        attrs[id] |= TokenAttr.CONTROL;
        return id;
    }

    private static int find(String[] texts, Set<Integer> ids, String text) {
        for (int id : ids) {
            if (id >= 0 && id < texts.length && texts[id].equals(text)) {
                return id;
            }
        }
        return -1;
    }
}
