package realizar.runtime.tokenizer;

import java.util.Set;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.Metadata;

/** Placeholder until the tokenizer package lands (merged from the tokenizer branch). */
public interface Tokenizer {
    int[] encode(String text, boolean addSpecial, boolean parseSpecial);

    byte[] pieceBytes(int id);

    String decode(int[] ids);

    String piece(int id);

    int vocabSize();

    int bosId();

    int eosId();

    Set<Integer> endOfGenerationIds();

    boolean addBos();

    static Tokenizer fromMetadata(Metadata metadata) {
        throw new RealizarException(ErrorCode.UNSUPPORTED_OPERATION, "tokenizer not yet available");
    }
}
