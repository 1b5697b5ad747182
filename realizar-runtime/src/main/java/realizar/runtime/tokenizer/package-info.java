/**
 * Tokenizers built from a model's GGUF metadata, matching llama.cpp token for token.
 *
 * <h2>Use</h2>
 * {@link realizar.runtime.tokenizer.Tokenizer#fromMetadata} reads {@code tokenizer.ggml.*} and returns an immutable,
 * thread-safe {@link realizar.runtime.tokenizer.Tokenizer}: {@code encode(text, addSpecial, parseSpecial)} for
 * prompts, {@code pieceBytes(id)} plus a {@link realizar.runtime.tokenizer.Utf8Stream} per stream for generated
 * text, {@code endOfGenerationIds()} to stop.
 *
 * <h2>Design</h2>
 * The code follows llama.cpp's {@code src/llama-vocab.cpp} and {@code src/unicode.cpp} step by step, because the
 * reference for every id is llama.cpp's output (the test vectors in {@code tests/} of llama.cpp):
 * <ul>
 *   <li>{@code VocabularyLoader} builds a {@code Vocabulary} as {@code llama_vocab::impl::load} does: per-model
 *       defaults (SPM: BOS 1, EOS 2, UNK 0; BPE: BOS/EOS 11; WPM: [CLS] 101, [SEP] 102, [UNK] 100), metadata
 *       overrides, then {@code SpecialTokenRules}: control/end-of-generation tokens found by their text, the
 *       end-of-generation set, Phi-3's right-strip attribute. Every token's output bytes are computed once.</li>
 *   <li>{@code SpecialTokenSplitter} cuts the input at special tokens (longest first) before any model
 *       tokenizer runs ({@code tokenizer_st_partition}); user-defined tokens always, control tokens only with
 *       {@code parseSpecial}.</li>
 *   <li>Each text fragment goes to {@code SpmEncoder} (score-ordered bigram merges, byte fallback),
 *       {@code BpeEncoder} (pre-tokenizer, byte-level mapping, rank-ordered merges) or {@code WpmEncoder}
 *       (normalisation, longest-match WordPiece).</li>
 *   <li>BPE pre-tokenizers ({@code BpePreTokenizer}, chosen by {@code tokenizer.ggml.pre}) are lists of splitters.
 *       GPT-2's and Llama 3's regexes are hand-written state machines ({@code Gpt2Splitter},
 *       {@code Llama3Splitter}) because llama.cpp uses such code for them. Other regexes run in
 *       {@code java.util.regex} over the same "collapsed" text llama.cpp feeds {@code std::regex}: every
 *       non-ASCII codepoint replaced by one marker char per Unicode category, {@code \p{L}} and friends rewritten to
 *       marker plus ASCII members. This reproduces llama.cpp's quirks (for instance ASCII {@code ~} is neither
 *       {@code \p{P}} nor {@code \p{S}} there). Patterns are compiled once.</li>
 * </ul>
 * Unicode categories come from the JDK (Unicode 16); llama.cpp's generated table is Unicode 15, so codepoints
 * assigned in Unicode 16 are classified here where llama.cpp calls them undefined. Unsupported tokenizer models
 * (t5/UGM, rwkv, plamo2, gemma4) and unknown pre-tokenizers fail at load with {@code UNSUPPORTED_OPERATION}.
 */
package realizar.runtime.tokenizer;
