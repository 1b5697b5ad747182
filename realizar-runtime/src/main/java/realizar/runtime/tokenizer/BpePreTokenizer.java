package realizar.runtime.tokenizer;

import java.util.List;
import java.util.Locale;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/**
 * The pre-tokenizer of a byte-level BPE vocabulary, chosen by {@code tokenizer.ggml.pre} as llama.cpp's
 * {@code llama_vocab::impl::load} and {@code llm_tokenizer_bpe} choose it: a list of splitters applied in turn, plus
 * the vocabulary flags that come with the name ({@code ignore_merges}, the default of {@code add_bos}).
 *
 * @param name          the family name used in messages
 * @param splitters     applied in order, each cutting the pieces of the previous one
 * @param ignoreMerges  a pre-token that is itself a vocabulary entry becomes that token, merges unused
 * @param addBosDefault whether BOS is added when {@code tokenizer.ggml.add_bos_token} is absent
 * @param hasBos        false where llama.cpp clears the BOS id (chatglm)
 */
record BpePreTokenizer(String name, List<Splitter> splitters, boolean ignoreMerges, boolean addBosDefault,
                       boolean hasBos) {

    private static final Splitter GPT2 = new Gpt2Splitter();
    private static final Splitter LLAMA3 = new Llama3Splitter();

    private static final BpePreTokenizer DEFAULT = new BpePreTokenizer("default", List.of(
            new RegexSplitter("[\\p{P}\\$\\+<=>\\^~\\|]+"),
            GPT2,
            new RegexSplitter("\\p{N}+"),
            new RegexSplitter("[0-9][0-9][0-9]")), false, false, true);

    private static final BpePreTokenizer GPT2_FAMILY = new BpePreTokenizer("gpt-2", List.of(GPT2), false, false, true);

    private static final BpePreTokenizer LLAMA3_FAMILY = new BpePreTokenizer("llama3", List.of(LLAMA3), true, true, true);

    private static final BpePreTokenizer LLAMA3_REGEX = new BpePreTokenizer("dbrx", List.of(LLAMA3), false, false, true);

    private static final BpePreTokenizer CHATGLM4 = new BpePreTokenizer("chatglm4", List.of(LLAMA3), false, false, false);

    private static final BpePreTokenizer DEEPSEEK_LLM = new BpePreTokenizer("deepseek-llm", List.of(
            new RegexSplitter("[\r\n]"),
            // Codepoints that NFC would rewrite (U+1F7D, U+1FBE, U+1FD3, U+1FDB, U+2126, U+212A) are escaped.
            new RegexSplitter("\\s?[A-Za-zµÀ-ÖØ-öø-ƺƼ-ƿǄ-ʓʕ-ʯͰ-ͳͶͷͻ-ͽͿΆΈ-ΊΌΎ-ΡΣ-ϵϷ-ҁҊ-ԯԱ-ՖႠ-ჅᎠ-Ᏽᏸ-ᏽᲐ-ᲺᲽ-Ჿᴀ-ᴫᵫ-ᵷᵹ-ᶚḀ-ἕἘ-Ἕἠ-ὅὈ-Ὅὐ-ὗὙὛὝὟ-\\u1F7Dᾀ-ᾴᾶ-ᾼ\\u1FBEῂ-ῄῆ-ῌῐ-\\u1FD3ῖ-\\u1FDBῠ-Ῥῲ-ῴῶ-ῼℂℇℊ-ℓℕℙ-ℝℤ\\u2126ℨ\\u212A-ℭℯ-ℴℹℼ-ℿⅅ-ⅉⅎↃↄⰀ-ⱻⱾ-ⳤⳫ-ⳮⳲⳳꙀ-ꙭꚀ-ꚛꜢ-ꝯꝱ-ꞇꞋ-ꞎꭰ-ꮿﬀ-ﬆﬓ-ﬗＡ-Ｚａ-ｚ𐐀-𐑏𐒰-𐓓𐓘-𐓻𐲀-𐲲𐳀-𐳲𑢠-𑣟𞤀-𞥃]+"),
            new RegexSplitter("\\s?[!-/:-~！-／：-～‘-‟　-。]+"),
            // llama.cpp writes "\s+$"; ECMAScript's $ is the end of the piece, which is Java's \z.
            new RegexSplitter("\\s+\\z"),
            new RegexSplitter("[一-龥ࠀ-一가-퟿]+"),
            new RegexSplitter("\\p{N}+")), false, false, true);

    private static final BpePreTokenizer DEEPSEEK_CODER = new BpePreTokenizer("deepseek-coder", List.of(
            new RegexSplitter("[\r\n]"),
            new RegexSplitter("\\s?\\p{L}+"),
            new RegexSplitter("\\s?\\p{P}+"),
            new RegexSplitter("[一-龥ࠀ-一가-퟿]+"),
            new RegexSplitter("\\p{N}")), false, false, true);

    private static final BpePreTokenizer FALCON = new BpePreTokenizer("falcon", List.of(
            new RegexSplitter("[\\p{P}\\$\\+<=>\\^~\\|`]+"),
            GPT2,
            new RegexSplitter("[0-9][0-9][0-9]")), false, false, true);

    private static final BpePreTokenizer STARCODER = new BpePreTokenizer("starcoder", List.of(
            new RegexSplitter("\\p{N}"),
            GPT2), false, false, true);

    private static final BpePreTokenizer QWEN2 = new BpePreTokenizer("qwen2", List.of(
            new RegexSplitter("(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+"
                    + "|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")), false, false, true);

    /** The pre-tokenizer llama.cpp selects for {@code tokenizer.ggml.pre}; null or empty means "default". */
    static BpePreTokenizer forName(String pre) {
        if (pre == null || pre.isEmpty()) {
            return DEFAULT;
        }
        return switch (pre) {
            case "default" -> DEFAULT;
            case "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2" ->
                    LLAMA3_FAMILY;
            case "dbrx", "smaug-bpe" -> LLAMA3_REGEX;
            case "chatglm-bpe", "glm4" -> CHATGLM4;
            case "deepseek-llm" -> DEEPSEEK_LLM;
            case "deepseek-coder" -> DEEPSEEK_CODER;
            case "falcon" -> FALCON;
            case "gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v2-es", "jina-v2-de", "a.x-4.0", "mellum",
                 "modern-bert", "exaone4", "mpt", "olmo", "jais", "trillion", "granite-docling" -> GPT2_FAMILY;
            case "starcoder", "refact", "command-r", "smollm", "codeshell", "exaone", "minerva-7b" -> STARCODER;
            case "qwen2", "deepseek-r1-qwen", "megrez", "stablelm2", "hunyuan" -> QWEN2;
            default -> throw new RealizarException(ErrorCode.UNSUPPORTED_OPERATION,
                    "BPE pre-tokenizer '" + pre + "' (metadata tokenizer.ggml.pre) is not supported; supported: "
                            + "default, gpt-2, llama-bpe/llama3, qwen2, deepseek-llm, deepseek-coder, falcon, "
                            + "starcoder, refact, mpt, olmo, dbrx, smaug-bpe, command-r, smollm and aliases");
        };
    }

    /** Cuts {@code text} into pre-tokens (codepoint lengths). */
    IntList split(CodepointText text) {
        IntList segments = new IntList(1);
        segments.add(text.length());
        for (Splitter splitter : splitters) {
            segments = splitter.split(text, segments);
        }
        return segments;
    }

    @Override
    public String toString() {
        return name.toLowerCase(Locale.ROOT);
    }
}
