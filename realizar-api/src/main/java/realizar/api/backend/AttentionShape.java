package realizar.api.backend;

/**
 * The geometry of one layer's attention.
 *
 * @param headCount     query heads
 * @param kvHeadCount   key/value heads (grouped-query attention when fewer than query heads)
 * @param headDim       dimensions per head
 * @param scale         multiplies q·k before the softmax (usually 1/sqrt(headDim))
 * @param softcap       when &gt; 0, scores become softcap·tanh(score/softcap) (Gemma 2); 0 disables
 * @param slidingWindow when &gt; 0, a query at position p sees keys at positions &gt; p - slidingWindow only
 */
public record AttentionShape(int headCount, int kvHeadCount, int headDim, float scale, float softcap, int slidingWindow) {
    public AttentionShape {
        if (headCount <= 0 || kvHeadCount <= 0 || headDim <= 0 || headCount % kvHeadCount != 0) {
            throw new IllegalArgumentException("bad attention shape: heads " + headCount + ", kv heads " + kvHeadCount + ", head dim " + headDim);
        }
    }

    /** Width of one query row: heads × head dim. */
    public int queryWidth() {
        return headCount * headDim;
    }

    /** Width of one key or value row in the cache: kv heads × head dim. */
    public int kvWidth() {
        return kvHeadCount * headDim;
    }
}
