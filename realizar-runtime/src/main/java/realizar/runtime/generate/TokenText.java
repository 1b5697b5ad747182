package realizar.runtime.generate;

import java.util.Set;

/** What generation needs to know about the vocabulary: each token's output bytes and which tokens end generation. */
public interface TokenText {
    /** The bytes token {@code id} adds to the output text (empty for control tokens). */
    byte[] bytes(int id);

    /** Ids that end generation (EOS, EOT, ...). */
    Set<Integer> endOfGeneration();
}
