package realizar.runtime.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import realizar.api.backend.ComputeDevice;
import realizar.api.format.FormatReader;
import realizar.api.format.ModelFile;
import realizar.api.format.ProgressListener;
import realizar.api.format.TensorSource;
import realizar.runtime.testing.OnnxModels;
import realizar.runtime.testing.TestModels;

/**
 * all-MiniLM-L6-v2's safetensors folder written as a GGUF F32 file through the api (the GGUF reader's writer, the
 * folder view's metadata and tensors as they are): the GGUF gives the same token ids and the same vectors, to 1e-6
 * per component. (Not bit for bit: the Vector API's lane reductions add in a different order before and after the JIT
 * compiles a kernel, so even one model run twice differs in the last bits; the test prints both numbers.)
 */
final class TestEmbeddingGgufConversion {
    @TempDir
    Path dir;

    @Test
    void ggufF32GivesTheSameVectorsAsTheFolder() throws IOException {
        List<String> texts = EmbedFixtures.texts(EmbedFixtures.items("all-MiniLM-L6-v2.onnxruntime.json"));
        Path gguf = dir.resolve("all-MiniLM-L6-v2-F32.gguf");
        try (ComputeDevice device = TestModels.cpu(2);
             ModelFile folder = EmbedFixtures.open("safetensors", OnnxModels.folder(OnnxModels.Bundled.ALL_MINILM_L6_V2))) {
            List<TensorSource> tensors = new ArrayList<>();
            folder.tensors().forEach(t -> tensors.add(TensorSource.of(folder.tensor(t.name()))));
            FormatReader writer = EmbedFixtures.reader("gguf");
            writer.write(gguf, folder.metadata(), tensors, ProgressListener.NONE);
            EmbeddingModel fromFolder = EmbeddingModel.of(folder, device);
            float[][] expected = fromFolder.embed(texts);
            try (ModelFile file = EmbedFixtures.open("gguf", gguf)) {
                assertEquals("gguf", file.format());
                EmbeddingModel fromGguf = EmbeddingModel.of(file, device);
                assertEquals(Pooling.MEAN, fromGguf.defaultPooling());
                assertEquals(fromFolder.maxSequenceLength(), fromGguf.maxSequenceLength());
                float[][] ours = fromGguf.embed(texts);
                float[][] again = fromFolder.embed(texts);
                double worst = 0;
                double worstRepeat = 0;
                for (int i = 0; i < texts.size(); i++) {
                    assertArrayEquals(fromFolder.tokenize(texts.get(i)), fromGguf.tokenize(texts.get(i)), texts.get(i));
                    for (int d = 0; d < ours[i].length; d++) {
                        worst = Math.max(worst, Math.abs(expected[i][d] - ours[i][d]));
                        worstRepeat = Math.max(worstRepeat, Math.abs(expected[i][d] - again[i][d]));
                    }
                    assertArrayEquals(expected[i], ours[i], 1e-6f, "'" + texts.get(i) + "': GGUF vs safetensors");
                }
                System.err.printf("GGUF F32 vs safetensors: max |Δ| %.2e (the folder against itself, run again: %.2e)%n",
                        worst, worstRepeat);
            }
        }
    }
}
