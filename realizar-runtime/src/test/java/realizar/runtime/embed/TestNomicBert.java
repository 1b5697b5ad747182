package realizar.runtime.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import realizar.api.backend.ComputeDevice;
import realizar.api.format.ModelFile;
import realizar.runtime.testing.TestModels;

/**
 * nomic-bert (rotary positions, fused QKV, SwiGLU, post-norm) from a small random-weight Hugging Face folder with
 * nomic's tensor names, against a plain double-precision forward pass written here from llama.cpp's graph description
 * ({@code llm_build_bert} for {@code LLM_ARCH_NOMIC_BERT}). No external reference exists for this architecture on this
 * machine; the test pins the wiring (QKV split, NEOX rope restarting per sequence, silu(fc12)·fc11, the norms).
 */
final class TestNomicBert {
    private static final int DIM = 64;
    private static final int HEADS = 4;
    private static final int FF = 96;
    private static final int LAYERS = 2;
    private static final int VOCAB = 12;
    private static final float EPS = 1e-12f;
    private static final double BASE = 1000;

    @TempDir
    Path dir;

    private final Map<String, float[]> weights = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final Random random = new Random(7);

    @Test
    void matchesAPlainForwardPass() throws IOException {
        writeFolder();
        List<int[]> sequences = List.of(new int[] {2, 5, 6, 7, 3}, new int[] {2, 8, 3});
        try (ComputeDevice device = TestModels.cpu(2); ModelFile file = EmbedFixtures.open("safetensors", dir)) {
            assertEquals("nomic-bert", file.metadata().getString("general.architecture"));
            EmbeddingModel model = EmbeddingModel.of(file, device);
            assertEquals(Pooling.MEAN, model.defaultPooling());
            assertArrayEquals(new int[] {2, 5, 6, 3}, model.tokenize("hello world"));
            float[][] ours = model.embedTokens(sequences, Pooling.MEAN, false);
            for (int s = 0; s < sequences.size(); s++) {
                double[] expected = reference(sequences.get(s));
                for (int i = 0; i < DIM; i++) {
                    assertEquals(expected[i], ours[s][i], 2e-5, "sequence " + s + " component " + i);
                }
            }
            float[] cls = model.embedTokens(List.of(sequences.get(0)), Pooling.CLS, true)[0];
            double norm = 0;
            for (float v : cls) {
                norm += v * v;
            }
            assertTrue(Math.abs(norm - 1) < 1e-5, "normalised: " + norm);
        }
    }

    /** Mean-pooled final states of one sequence, in double precision. */
    private double[] reference(int[] ids) {
        int n = ids.length;
        double[][] x = new double[n][DIM];
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < DIM; i++) {
                x[t][i] = w("embeddings.word_embeddings.weight")[ids[t] * DIM + i] + w("embeddings.token_type_embeddings.weight")[i];
            }
            x[t] = norm(x[t], "emb_ln");
        }
        int hd = DIM / HEADS;
        for (int l = 0; l < LAYERS; l++) {
            String p = "encoder.layers." + l + ".";
            double[][] q = new double[n][];
            double[][] k = new double[n][];
            double[][] v = new double[n][];
            for (int t = 0; t < n; t++) {
                double[] qkv = linear(p + "attn.Wqkv.weight", x[t], 3 * DIM, DIM);
                q[t] = rope(java.util.Arrays.copyOfRange(qkv, 0, DIM), t, hd);
                k[t] = rope(java.util.Arrays.copyOfRange(qkv, DIM, 2 * DIM), t, hd);
                v[t] = java.util.Arrays.copyOfRange(qkv, 2 * DIM, 3 * DIM);
            }
            double[][] next = new double[n][];
            for (int t = 0; t < n; t++) {
                double[] att = new double[DIM];
                for (int h = 0; h < HEADS; h++) {
                    double[] scores = new double[n];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < n; j++) {
                        for (int d = 0; d < hd; d++) {
                            scores[j] += q[t][h * hd + d] * k[j][h * hd + d];
                        }
                        scores[j] /= Math.sqrt(hd);
                        max = Math.max(max, scores[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < n; j++) {
                        scores[j] = Math.exp(scores[j] - max);
                        sum += scores[j];
                    }
                    for (int j = 0; j < n; j++) {
                        for (int d = 0; d < hd; d++) {
                            att[h * hd + d] += scores[j] / sum * v[j][h * hd + d];
                        }
                    }
                }
                double[] o = linear(p + "attn.out_proj.weight", att, DIM, DIM);
                double[] y = new double[DIM];
                for (int i = 0; i < DIM; i++) {
                    y[i] = x[t][i] + o[i];
                }
                y = norm(y, p + "norm1");
                double[] up = linear(p + "mlp.fc11.weight", y, FF, DIM);
                double[] gate = linear(p + "mlp.fc12.weight", y, FF, DIM);
                for (int i = 0; i < FF; i++) {
                    up[i] *= gate[i] / (1 + Math.exp(-gate[i]));
                }
                double[] down = linear(p + "mlp.fc2.weight", up, DIM, FF);
                for (int i = 0; i < DIM; i++) {
                    down[i] += y[i];
                }
                next[t] = norm(down, p + "norm2");
            }
            x = next;
        }
        double[] mean = new double[DIM];
        for (double[] row : x) {
            for (int i = 0; i < DIM; i++) {
                mean[i] += row[i] / n;
            }
        }
        return mean;
    }

    /** NEOX rotation: pairs (i, i + hd/2) of each head, angle pos · base^(-2i/hd). */
    private static double[] rope(double[] v, int pos, int hd) {
        for (int h = 0; h < HEADS; h++) {
            for (int i = 0; i < hd / 2; i++) {
                double theta = pos * Math.pow(BASE, -2.0 * i / hd);
                int a = h * hd + i;
                int b = a + hd / 2;
                double x0 = v[a];
                double x1 = v[b];
                v[a] = x0 * Math.cos(theta) - x1 * Math.sin(theta);
                v[b] = x0 * Math.sin(theta) + x1 * Math.cos(theta);
            }
        }
        return v;
    }

    private double[] linear(String name, double[] in, int rows, int cols) {
        float[] m = w(name);
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r] += m[r * cols + c] * in[c];
            }
        }
        return out;
    }

    private double[] norm(double[] x, String prefix) {
        double mean = 0;
        for (double v : x) {
            mean += v / x.length;
        }
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean) / x.length;
        }
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (x[i] - mean) / Math.sqrt(var + EPS) * w(prefix + ".weight")[i] + w(prefix + ".bias")[i];
        }
        return out;
    }

    private float[] w(String name) {
        return weights.get(name);
    }

    private void tensor(String name, float scale, float offset, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = offset + scale * (float) random.nextGaussian();
        }
        weights.put(name, v);
        shapes.put(name, shape);
    }

    private void writeFolder() throws IOException {
        tensor("embeddings.word_embeddings.weight", 0.5f, 0, VOCAB, DIM);
        tensor("embeddings.token_type_embeddings.weight", 0.1f, 0, 2, DIM);
        tensor("emb_ln.weight", 0.1f, 1, DIM);
        tensor("emb_ln.bias", 0.1f, 0, DIM);
        for (int l = 0; l < LAYERS; l++) {
            String p = "encoder.layers." + l + ".";
            tensor(p + "attn.Wqkv.weight", 0.15f, 0, 3 * DIM, DIM);
            tensor(p + "attn.out_proj.weight", 0.15f, 0, DIM, DIM);
            tensor(p + "norm1.weight", 0.1f, 1, DIM);
            tensor(p + "norm1.bias", 0.1f, 0, DIM);
            tensor(p + "mlp.fc11.weight", 0.15f, 0, FF, DIM);
            tensor(p + "mlp.fc12.weight", 0.15f, 0, FF, DIM);
            tensor(p + "mlp.fc2.weight", 0.15f, 0, DIM, FF);
            tensor(p + "norm2.weight", 0.1f, 1, DIM);
            tensor(p + "norm2.bias", 0.1f, 0, DIM);
        }
        StringBuilder h = new StringBuilder("{");
        long offset = 0;
        for (var e : shapes.entrySet()) {
            long bytes = 4L * weights.get(e.getKey()).length;
            h.append(h.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":")
                    .append(java.util.Arrays.toString(e.getValue()).replace(" ", "")).append(",\"data_offsets\":[")
                    .append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        byte[] header = h.append('}').toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate((int) (8 + header.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(header.length).put(header);
        weights.values().forEach(v -> {
            for (float f : v) {
                file.putFloat(f);
            }
        });
        Files.write(dir.resolve("model.safetensors"), file.array());
        Files.writeString(dir.resolve("config.json"), "{\"architectures\":[\"NomicBertModel\"],\"model_type\":\"nomic_bert\","
                + "\"n_embd\":" + DIM + ",\"n_layer\":" + LAYERS + ",\"n_head\":" + HEADS + ",\"n_inner\":" + FF
                + ",\"layer_norm_epsilon\":" + EPS + ",\"rotary_emb_base\":" + BASE + ",\"n_positions\":128,\"type_vocab_size\":2}");
        Files.writeString(dir.resolve("tokenizer.json"), "{\"added_tokens\":["
                + "{\"id\":0,\"content\":\"[PAD]\",\"special\":true},{\"id\":1,\"content\":\"[UNK]\",\"special\":true},"
                + "{\"id\":2,\"content\":\"[CLS]\",\"special\":true},{\"id\":3,\"content\":\"[SEP]\",\"special\":true},"
                + "{\"id\":4,\"content\":\"[MASK]\",\"special\":true}],"
                + "\"normalizer\":{\"type\":\"BertNormalizer\",\"lowercase\":true},"
                + "\"model\":{\"type\":\"WordPiece\",\"unk_token\":\"[UNK]\",\"vocab\":{\"[PAD]\":0,\"[UNK]\":1,\"[CLS]\":2,"
                + "\"[SEP]\":3,\"[MASK]\":4,\"hello\":5,\"world\":6,\"##s\":7,\"a\":8,\"b\":9,\"##b\":10,\"c\":11}}}");
        Files.createDirectories(dir.resolve("1_Pooling"));
        Files.writeString(dir.resolve("1_Pooling/config.json"), "{\"pooling_mode_mean_tokens\":true}");
    }
}
