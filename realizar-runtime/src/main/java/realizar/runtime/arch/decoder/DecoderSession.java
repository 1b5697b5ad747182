package realizar.runtime.arch.decoder;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.runtime.model.KvCache;
import realizar.runtime.model.Session;

/**
 * One sequence through a {@link DecoderModel}: its KV cache and activations, allocated once. A prompt is evaluated in
 * batches of up to the batch capacity (prefill through the device's matrix-matrix products); decoding passes one token
 * at a time and allocates nothing.
 */
final class DecoderSession implements Session {
    private final DecoderModel model;
    private final KvCache cache;
    private final Batch batch;
    private int position;

    DecoderSession(DecoderModel model, KvCache cache, Batch batch) {
        this.model = model;
        this.cache = cache;
        this.batch = batch;
    }

    @Override
    public int position() {
        return position;
    }

    @Override
    public int contextLength() {
        return cache.contextLength();
    }

    @Override
    public void rewind(int to) {
        if (to < 0 || to > position) {
            throw new IllegalArgumentException("cannot rewind to " + to + " from " + position);
        }
        position = to;
    }

    @Override
    public float[] forward(int[] tokens, int offset, int count) {
        if (count <= 0 || offset < 0 || offset + count > tokens.length) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "cannot evaluate " + count + " tokens from offset "
                    + offset + " of " + tokens.length);
        }
        if (position + count > cache.contextLength()) {
            throw new RealizarException(ErrorCode.CONTEXT_OVERFLOW, "the context holds " + cache.contextLength()
                    + " tokens; " + position + " are used and " + count + " more do not fit (raise --ctx, up to the model's "
                    + model.trainedContextLength() + ")");
        }
        int vocab = model.vocabSize();
        for (int i = offset; i < offset + count; i++) {
            if (tokens[i] < 0 || tokens[i] >= vocab) {
                throw new RealizarException(ErrorCode.INVALID_ARGUMENT, "token id " + tokens[i] + " at index " + i
                        + " is outside the vocabulary [0, " + vocab + ")");
            }
        }
        for (int done = 0; done < count; ) {
            int n = Math.min(batch.capacity, count - done);
            batch.n = n;
            batch.pos0 = position;
            model.forward(tokens, offset + done, batch, cache);
            position += n;
            done += n;
        }
        return batch.logits;
    }
}
