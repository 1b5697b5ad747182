package realizar.runtime.tokenizer;

import java.util.Set;

import realizar.api.format.Metadata;

/**
 * Turns text into a model's token ids and token ids back into bytes, exactly as llama.cpp does for the same
 * vocabulary (SentencePiece, byte-level BPE and WordPiece).
 *
 * <p>Threading and lifetime: immutable and thread-safe; build one per model with {@link #fromMetadata} and share it.
 * Ids passed in must be in {@code [0, vocabSize())}, otherwise {@link IndexOutOfBoundsException}.
 */
public interface Tokenizer {

    /**
     * The tokenizer the model's GGUF metadata ({@code tokenizer.ggml.*}) describes.
     *
     * @throws realizar.api.RealizarException {@code UNSUPPORTED_OPERATION} for a tokenizer model or BPE
     *                                        pre-tokenizer this build does not implement, {@code MALFORMED_MODEL}
     *                                        when a required key is missing or inconsistent (both name the key)
     */
    static Tokenizer fromMetadata(Metadata metadata) {
        return Tokenizers.fromMetadata(metadata);
    }

    /**
     * Token ids of {@code text} (llama.cpp {@code llama_tokenize}).
     *
     * @param addSpecial   add BOS (and EOS, or WordPiece's [CLS]/[SEP]) where the model's metadata says so
     * @param parseSpecial recognise control-token text such as {@code <|im_start|>} or {@code <s>} in the input;
     *                     when false that text is tokenized as ordinary text (user-defined tokens are always matched)
     */
    int[] encode(String text, boolean addSpecial, boolean parseSpecial);

    /**
     * The bytes token {@code id} adds to generated text (llama.cpp {@code token_to_piece}, special = false):
     * SentencePiece "▁" becomes a space, {@code <0xNN>} the byte NN, byte-level BPE characters their bytes; control
     * and unknown tokens give nothing. A token may hold part of a UTF-8 sequence; see {@link Utf8Stream}.
     * The returned array is a fresh copy.
     */
    byte[] pieceBytes(int id);

    /** Like {@link #pieceBytes(int)}, but with {@code special} control and unknown tokens give their text. */
    byte[] pieceBytes(int id, boolean special);

    /** The concatenated {@link #pieceBytes(int)} of {@code ids}, decoded as UTF-8 (malformed input as U+FFFD). */
    String decode(int[] ids);

    /** The token's text as stored in the vocabulary ({@code tokenizer.ggml.tokens}), e.g. "▁Hello" or "Ġworld". */
    String piece(int id);

    int vocabSize();

    /** The beginning-of-sequence id, or -1 when the model has none. */
    int bosId();

    /** The end-of-sequence id, or -1 when the model has none. */
    int eosId();

    /** The end-of-turn id ({@code tokenizer.ggml.eot_token_id} or found by its text), or -1. */
    int eotId();

    /** The unknown-token id, or -1. */
    int unknownId();

    /** The separator id (WordPiece [SEP]), or -1. */
    int separatorId();

    /** The padding id, or -1. */
    int paddingId();

    /**
     * Every token that ends generation in llama.cpp ({@code llama_vocab_is_eog}): EOS, EOT, EOM and tokens with an
     * end-of-turn text such as {@code <|eot_id|>}, {@code <|im_end|>}, {@code <end_of_turn>},
     * {@code <|endoftext|>}. Unmodifiable.
     */
    Set<Integer> endOfGenerationIds();

    default boolean isEndOfGeneration(int id) {
        return endOfGenerationIds().contains(id);
    }

    /** Whether the token is a control token (rendered as nothing, matched in input only with parseSpecial). */
    boolean isControl(int id);

    /** Whether {@link #encode} with {@code addSpecial} prepends BOS. */
    boolean addBos();

    /** Whether {@link #encode} with {@code addSpecial} appends EOS. */
    boolean addEos();

    /** The GGUF tokenizer model: "llama" (SentencePiece), "gpt2" (byte-level BPE) or "bert" (WordPiece). */
    String model();
}
