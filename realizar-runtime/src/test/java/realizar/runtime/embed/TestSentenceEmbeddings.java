package realizar.runtime.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;
import realizar.api.backend.ComputeDevice;
import realizar.api.format.ModelFile;
import realizar.runtime.testing.OnnxModels;
import realizar.runtime.testing.TestModels;

/**
 * all-MiniLM-L6-v2 (mean pooling) and bge-small-en-v1.5 (CLS pooling) from Hugging Face safetensors folders made of
 * LangChain4j's bundled ONNX models: token ids equal to the Hugging Face tokenizer's (the fixtures' ids), and cosine
 * >= 0.9999 to ONNX Runtime for every fixture sentence, both to the recorded vectors and to LangChain4j run live.
 */
final class TestSentenceEmbeddings {
    private static final double MIN_COSINE = 0.9999;
    private static ComputeDevice device;
    private static ModelFile miniLmFile;
    private static ModelFile bgeFile;
    private static EmbeddingModel miniLm;
    private static EmbeddingModel bge;

    @BeforeAll
    static void open() {
        device = TestModels.cpu(2);
        miniLmFile = EmbedFixtures.open("safetensors", OnnxModels.folder(OnnxModels.Bundled.ALL_MINILM_L6_V2));
        bgeFile = EmbedFixtures.open("safetensors", OnnxModels.folder(OnnxModels.Bundled.BGE_SMALL_EN_V15));
        miniLm = EmbeddingModel.of(miniLmFile, device);
        bge = EmbeddingModel.of(bgeFile, device);
    }

    @AfterAll
    static void close() {
        miniLmFile.close();
        bgeFile.close();
        device.close();
    }

    @Test
    void modelsDeclareTheirPoolingAndShape() {
        assertEquals(Pooling.MEAN, miniLm.defaultPooling());
        assertEquals(Pooling.CLS, bge.defaultPooling());
        assertEquals(384, miniLm.dimensions());
        assertEquals("bert", bge.architecture());
        assertEquals(128, miniLm.maxSequenceLength(), "tokenizer.json truncation.max_length");
    }

    @Test
    void tokenIdsEqualTheHuggingFaceTokenizers() throws IOException {
        for (var item : EmbedFixtures.items("all-MiniLM-L6-v2.onnxruntime.tokens.json")) {
            assertArrayEquals(item.ids(), miniLm.tokenize(item.text()), "MiniLM: " + item.text());
        }
        for (var item : EmbedFixtures.items("bge-small-en-v1.5.onnxruntime.tokens.json")) {
            assertArrayEquals(item.ids(), bge.tokenize(item.text()), "bge: " + item.text());
        }
    }

    @Test
    void miniLmMatchesOnnxRuntimeFixtures() throws IOException {
        List<EmbedFixtures.Item> items = new ArrayList<>(EmbedFixtures.items("all-MiniLM-L6-v2.onnxruntime.tokens.json"));
        items.addAll(EmbedFixtures.items("all-MiniLM-L6-v2.onnxruntime.json"));
        assertClose("MiniLM", items, miniLm.embed(EmbedFixtures.texts(items), Pooling.MEAN, true));
    }

    @Test
    void bgeMatchesOnnxRuntimeFixtures() throws IOException {
        List<EmbedFixtures.Item> items = EmbedFixtures.items("bge-small-en-v1.5.onnxruntime.tokens.json");
        assertClose("bge", items, bge.embed(EmbedFixtures.texts(items), Pooling.CLS, true));
    }

    @Test
    void bothMatchLangChain4jRunLive() throws IOException {
        List<String> texts = EmbedFixtures.texts(EmbedFixtures.items("all-MiniLM-L6-v2.onnxruntime.json"));
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        var peerMiniLm = new AllMiniLmL6V2EmbeddingModel().embedAll(segments).content();
        var peerBge = new BgeSmallEnV15EmbeddingModel().embedAll(segments).content();
        float[][] ours = miniLm.embed(texts);
        float[][] oursBge = bge.embed(texts);
        double worst = 1;
        for (int i = 0; i < texts.size(); i++) {
            double c1 = EmbedFixtures.cosine(ours[i], peerMiniLm.get(i).vector());
            double c2 = EmbedFixtures.cosine(oursBge[i], peerBge.get(i).vector());
            worst = Math.min(worst, Math.min(c1, c2));
            assertTrue(c1 >= MIN_COSINE, "MiniLM vs LangChain4j, '" + texts.get(i) + "': cosine " + c1);
            assertTrue(c2 >= MIN_COSINE, "bge vs LangChain4j, '" + texts.get(i) + "': cosine " + c2);
        }
        System.err.printf("live LangChain4j: worst cosine %.7f over %d sentences x 2 models%n", worst, texts.size());
    }

    @Test
    void batchedEqualsOneByOneAndNormalisationIsOptional() throws IOException {
        List<String> texts = EmbedFixtures.texts(EmbedFixtures.items("all-MiniLM-L6-v2.onnxruntime.json"));
        float[][] batch = miniLm.embed(texts, Pooling.MEAN, true);
        for (int i = 0; i < texts.size(); i++) {
            float[] alone = miniLm.embed(List.of(texts.get(i)), Pooling.MEAN, true)[0];
            for (int d = 0; d < alone.length; d++) {
                assertEquals(alone[d], batch[i][d], 1e-5, "sentence " + i + " component " + d);
            }
        }
        float[] raw = miniLm.embed(List.of(texts.get(0)), Pooling.MEAN, false)[0];
        double norm = Math.sqrt(EmbedFixtures.cosine(raw, raw) * dot(raw, raw));
        assertTrue(Math.abs(norm - 1) > 1e-3, "an unnormalised mean is not a unit vector: " + norm);
        float[] last = miniLm.embed(List.of(texts.get(0)), Pooling.LAST, false)[0];
        float[] cls = miniLm.embed(List.of(texts.get(0)), Pooling.CLS, false)[0];
        assertTrue(EmbedFixtures.cosine(last, cls) < 0.999, "LAST and CLS pool different tokens");
    }

    @Test
    void longTextsAreTruncatedKeepingSep() {
        String longText = "word ".repeat(400);
        int[] ids = miniLm.tokenize(longText);
        assertEquals(miniLm.maxSequenceLength(), ids.length);
        assertEquals(101, ids[0]);
        assertEquals(102, ids[ids.length - 1]);
        assertEquals(1, miniLm.embed(List.of(longText)).length);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    private static void assertClose(String model, List<EmbedFixtures.Item> items, float[][] ours) {
        double worst = 1;
        double worstComponent = 0;
        for (int i = 0; i < items.size(); i++) {
            double c = EmbedFixtures.cosine(ours[i], items.get(i).embedding());
            worst = Math.min(worst, c);
            for (int d = 0; d < ours[i].length; d++) {
                worstComponent = Math.max(worstComponent, Math.abs(ours[i][d] - items.get(i).embedding()[d]));
            }
            assertTrue(c >= MIN_COSINE, model + " '" + items.get(i).text() + "': cosine " + c + " < " + MIN_COSINE);
        }
        System.err.printf("%s vs ONNX Runtime fixtures: worst cosine %.7f, max |Δ| component %.2e over %d sentences%n",
                model, worst, worstComponent, items.size());
    }
}
