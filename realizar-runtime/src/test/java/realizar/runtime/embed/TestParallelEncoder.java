package realizar.runtime.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import realizar.api.backend.AttentionShape;
import realizar.api.backend.ComputeDevice;
import realizar.api.backend.DeviceInfo;
import realizar.api.backend.KvBuffer;
import realizar.api.backend.Op;
import realizar.api.backend.RangeBody;
import realizar.api.backend.Weights;
import realizar.api.format.ModelFile;
import realizar.api.format.Tensor;
import realizar.api.format.TensorType;
import realizar.runtime.testing.OnnxModels;
import realizar.runtime.testing.TestModels;

/**
 * The encoder's host-side passes split over a 3-thread device ({@link ComputeDevice#parallel}) give bit for bit the
 * vectors of the same device with {@code parallel} left at its serial default: the matrix products are the same calls
 * on the same device, so any difference would come from a row or (sequence, head) pair computed differently, or from
 * threads sharing scratch. The fixture sentences, of different lengths, run as one packed batch.
 */
final class TestParallelEncoder {
    @ParameterizedTest
    @EnumSource(OnnxModels.Bundled.class)
    void threeThreadsEqualTheSerialPathBitForBit(OnnxModels.Bundled bundled) throws IOException {
        List<String> texts = new ArrayList<>();
        if (bundled == OnnxModels.Bundled.ALL_MINILM_L6_V2) {
            texts.addAll(EmbedFixtures.texts(EmbedFixtures.items("all-MiniLM-L6-v2.onnxruntime.tokens.json")));
            texts.addAll(EmbedFixtures.texts(EmbedFixtures.items("all-MiniLM-L6-v2.onnxruntime.json")));
        } else {
            texts.addAll(EmbedFixtures.texts(EmbedFixtures.items("bge-small-en-v1.5.onnxruntime.tokens.json")));
        }
        AtomicInteger splitSlices = new AtomicInteger();
        try (ComputeDevice threaded = TestModels.cpu(3);
             ModelFile file = EmbedFixtures.open("safetensors", OnnxModels.folder(bundled))) {
            ComputeDevice counting = new Delegating(threaded) {
                @Override
                public void parallel(int n, RangeBody body) {
                    threaded.parallel(n, (from, to) -> {
                        if (from > 0) {
                            splitSlices.incrementAndGet();
                        }
                        body.run(from, to);
                    });
                }
            };
            ComputeDevice serial = new Delegating(threaded);
            List<int[]> ids = new ArrayList<>();
            EmbeddingModel parallelModel = EmbeddingModel.of(file, counting);
            texts.forEach(t -> ids.add(parallelModel.tokenize(t)));
            EmbeddingModel serialModel = EmbeddingModel.of(file, serial);
            for (Pooling pooling : List.of(Pooling.MEAN, Pooling.CLS)) {
                float[][] expected = serialModel.embedTokens(ids, pooling, false);
                float[][] ours = parallelModel.embedTokens(ids, pooling, false);
                for (int i = 0; i < ids.size(); i++) {
                    assertArrayEquals(expected[i], ours[i], pooling + " '" + texts.get(i) + "': 3 threads vs serial");
                }
            }
        }
        assertTrue(splitSlices.get() > 0, "the 3-thread device never ran a slice other than the first");
    }

    /** Forwards every operation to {@code d}; {@code parallel} stays the interface's serial default. */
    private static class Delegating implements ComputeDevice {
        private final ComputeDevice d;

        Delegating(ComputeDevice d) {
            this.d = d;
        }

        @Override
        public DeviceInfo info() {
            return d.info();
        }

        @Override
        public boolean supports(Op op, TensorType type) {
            return d.supports(op, type);
        }

        @Override
        public Weights weights(Tensor tensor) {
            return d.weights(tensor);
        }

        @Override
        public Weights batchWeights(Tensor tensor) {
            return d.batchWeights(tensor);
        }

        @Override
        public void matmul(Weights w, float[] x, float[] y, int n) {
            d.matmul(w, x, y, n);
        }

        @Override
        public void dequantize(Tensor tensor, long first, float[] out, int outOffset, int count) {
            d.dequantize(tensor, first, out, outOffset, count);
        }

        @Override
        public void attention(AttentionShape shape, float[] q, float[] kCache, float[] vCache, float[] out, int pos0,
                              int n) {
            d.attention(shape, q, kCache, vCache, out, pos0, n);
        }

        @Override
        public void attention(AttentionShape shape, float[] q, KvBuffer kCache, KvBuffer vCache, float[] out, int pos0,
                              int n) {
            d.attention(shape, q, kCache, vCache, out, pos0, n);
        }

        @Override
        public void close() {
            // the test closes the wrapped device
        }
    }
}
