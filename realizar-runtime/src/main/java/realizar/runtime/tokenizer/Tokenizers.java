package realizar.runtime.tokenizer;

import realizar.api.format.Metadata;

/** Builds {@link Tokenizer}s. */
public final class Tokenizers {
    private Tokenizers() {
    }

    /** See {@link Tokenizer#fromMetadata}. */
    public static Tokenizer fromMetadata(Metadata metadata) {
        return new VocabTokenizer(VocabularyLoader.load(metadata));
    }
}
