package realizar.runtime.grammar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/**
 * What each token id contributes to the output text, as bytes, plus which ids end generation, arranged as a byte
 * trie so a grammar can judge the whole vocabulary in one walk. Build once per model and share: immutable and
 * thread-safe.
 *
 * <p>The trie is stored flat in depth-first order: node {@code i} has a byte, a depth, the index just past its
 * subtree (to skip it when the grammar rejects its prefix) and the ids of the tokens that end there.
 */
public final class TokenVocabulary {
    private final int size;
    private final byte[][] tokenBytes;
    private final BitSet endOfGeneration;
    final byte[] nodeByte;
    final int[] nodeDepth;
    final int[] subtreeEnd;
    /** Tokens ending at node i are {@code nodeTokens[nodeTokenStart[i] .. nodeTokenStart[i + 1])}. */
    final int[] nodeTokenStart;
    final int[] nodeTokens;
    final int maxDepth;

    private TokenVocabulary(List<byte[]> tokens, BitSet eog) {
        this.size = tokens.size();
        this.tokenBytes = tokens.stream().map(b -> Objects.requireNonNull(b, "token bytes").clone()).toArray(byte[][]::new);
        this.endOfGeneration = eog;
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(tokenBytes[a], tokenBytes[b]));
        List<Byte> bytes = new ArrayList<>();
        List<Integer> depths = new ArrayList<>();
        List<Integer> tokenStarts = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        // Walk the sorted tokens; each token adds the nodes below its common prefix with the previous one.
        byte[] previous = new byte[0];
        int deepest = 0;
        for (int id : order) {
            byte[] t = tokenBytes[id];
            if (t.length == 0) {
                continue;
            }
            int common = Arrays.mismatch(previous, t);
            common = common < 0 ? t.length : common;
            for (int d = common; d < t.length; d++) {
                bytes.add(t[d]);
                depths.add(d + 1);
                tokenStarts.add(ids.size());
            }
            // Sorted order puts a token right after the node it ends at is created (or after an identical token),
            // so the ids of each node are contiguous and start at that node's nodeTokenStart.
            ids.add(id);
            previous = t;
            deepest = Math.max(deepest, t.length);
        }
        int n = bytes.size();
        this.nodeByte = new byte[n];
        this.nodeDepth = new int[n];
        this.subtreeEnd = new int[n];
        this.nodeTokenStart = new int[n + 1];
        for (int i = 0; i < n; i++) {
            nodeByte[i] = bytes.get(i);
            nodeDepth[i] = depths.get(i);
            nodeTokenStart[i] = tokenStarts.get(i);
        }
        nodeTokenStart[n] = ids.size();
        this.nodeTokens = ids.stream().mapToInt(Integer::intValue).toArray();
        // Subtree of i ends at the next node whose depth is not greater than i's.
        int[] stack = new int[deepest + 2];
        int top = 0;
        for (int i = 0; i < n; i++) {
            while (top > 0 && nodeDepth[stack[top - 1]] >= nodeDepth[i]) {
                subtreeEnd[stack[--top]] = i;
            }
            stack[top++] = i;
        }
        while (top > 0) {
            subtreeEnd[stack[--top]] = n;
        }
        this.maxDepth = deepest;
    }

    /**
     * @param tokenBytes      per token id, the exact bytes it adds to the output (empty for control tokens)
     * @param endOfGeneration ids that end generation (EOS, EOT, ...); they are allowed exactly when the grammar is
     *                        complete
     */
    public static TokenVocabulary of(List<byte[]> tokenBytes, Collection<Integer> endOfGeneration) {
        BitSet eog = new BitSet(tokenBytes.size());
        for (int id : endOfGeneration) {
            if (id < 0 || id >= tokenBytes.size()) {
                throw new RealizarException(ErrorCode.INVALID_ARGUMENT,
                        "end-of-generation token id " + id + " is outside the vocabulary of " + tokenBytes.size());
            }
            eog.set(id);
        }
        return new TokenVocabulary(tokenBytes, eog);
    }

    public int size() {
        return size;
    }

    /** A copy of the bytes of token {@code id}. */
    public byte[] tokenBytes(int id) {
        return tokenBytes[id].clone();
    }

    byte[] bytesOf(int id) {
        return tokenBytes[id];
    }

    public boolean isEndOfGeneration(int id) {
        return endOfGeneration.get(id);
    }

    BitSet endOfGeneration() {
        return endOfGeneration;
    }

    /** Number of trie nodes (for diagnostics and benchmarks). */
    public int trieNodes() {
        return nodeByte.length;
    }
}
