package realizar.runtime.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * The real embedding models LangChain4j bundles (test-scoped Maven dependencies) turned into Hugging Face folders:
 * the ONNX initializers become {@code model.safetensors} (F32, Hugging Face names), the bundled {@code tokenizer.json}
 * is copied, and {@code config.json} / {@code 1_Pooling/config.json} are written as the models' Hugging Face
 * repositories have them.
 *
 * <p>In the ONNX export the Linear weights are anonymous initializers ({@code onnx::MatMul_787}) stored transposed
 * ([in, out]); the MatMul node consuming each is named after the module
 * ({@code /encoder/layer.0/attention/self/query/MatMul}), which gives the Hugging Face name, and the matrix is
 * transposed back to [out, in]. Folders are built once under {@code target/hf-from-onnx/}.
 */
public final class OnnxModels {
    /** A bundled model: its resource names in the LangChain4j jar, its head count and pooling (from its HF config). */
    public enum Bundled {
        /** sentence-transformers/all-MiniLM-L6-v2: 6 layers, 12 heads, mean pooling. */
        ALL_MINILM_L6_V2("all-minilm-l6-v2", 12, "mean"),
        /** BAAI/bge-small-en-v1.5: 12 layers, 12 heads, CLS pooling. */
        BGE_SMALL_EN_V15("bge-small-en-v1.5", 12, "cls");

        final String resource;
        final int heads;
        final String pooling;

        Bundled(String resource, int heads, String pooling) {
            this.resource = resource;
            this.heads = heads;
            this.pooling = pooling;
        }
    }

    private OnnxModels() {
    }

    /** The model's Hugging Face folder, built on first use. */
    public static synchronized Path folder(Bundled model) {
        Path dir = TestModels.repoRoot().resolve("realizar-runtime/target/hf-from-onnx").resolve(model.resource);
        if (Files.isRegularFile(dir.resolve("model.safetensors"))) {
            return dir;
        }
        try {
            Path tmp = Files.createDirectories(dir.resolveSibling(model.resource + ".tmp"));
            OnnxProto.Graph graph = OnnxProto.parse(resource(model.resource + ".onnx"));
            Map<String, OnnxProto.Initializer> tensors = huggingFaceTensors(graph);
            writeSafetensors(tmp.resolve("model.safetensors"), tensors);
            Files.write(tmp.resolve("tokenizer.json"), resource(model.resource + "-tokenizer.json"));
            Files.writeString(tmp.resolve("config.json"), config(tensors, model.heads));
            Files.createDirectories(tmp.resolve("1_Pooling"));
            Files.writeString(tmp.resolve("1_Pooling/config.json"), "{\"word_embedding_dimension\": 384, "
                    + "\"pooling_mode_cls_token\": " + model.pooling.equals("cls") + ", \"pooling_mode_mean_tokens\": "
                    + model.pooling.equals("mean") + "}");
            if (Files.exists(dir)) {
                for (Path p : Files.list(dir).toList()) {
                    Files.delete(p);
                }
                Files.delete(dir);
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bundled ONNX file itself (for running ONNX Runtime on it). */
    public static byte[] onnxBytes(Bundled model) throws IOException {
        return resource(model.resource + ".onnx");
    }

    static byte[] resource(String name) throws IOException {
        // The class loader, not the class: in a named module Class.getResourceAsStream looks in its own module only.
        try (InputStream in = OnnxModels.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is not on the test class path (the LangChain4j embedding jars)");
            }
            return in.readAllBytes();
        }
    }

    static Map<String, OnnxProto.Initializer> huggingFaceTensors(OnnxProto.Graph graph) {
        Map<String, String> matmulNames = new TreeMap<>();
        for (OnnxProto.Node node : graph.nodes()) {
            if (node.op().equals("MatMul")) {
                for (String input : node.inputs()) {
                    if (input.startsWith("onnx::MatMul")) {
                        String module = node.name().replaceAll("^/+", "").replaceAll("/MatMul$", "").replace('/', '.');
                        matmulNames.put(input, module + ".weight");
                    }
                }
            }
        }
        Map<String, OnnxProto.Initializer> out = new TreeMap<>();
        for (OnnxProto.Initializer init : graph.initializers().values()) {
            String hfName = matmulNames.get(init.name());
            if (hfName != null) {
                out.put(hfName, transpose(hfName, init));
            } else if (!init.name().startsWith("onnx::")) {
                out.put(init.name(), init);
            }
        }
        return out;
    }

    private static OnnxProto.Initializer transpose(String name, OnnxProto.Initializer m) {
        int rows = (int) m.shape()[0];
        int cols = (int) m.shape()[1];
        float[] t = new float[m.values().length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m.values()[r * cols + c];
            }
        }
        return new OnnxProto.Initializer(name, new long[] {cols, rows}, t);
    }

    private static String config(Map<String, OnnxProto.Initializer> tensors, int heads) {
        long hidden = tensors.get("embeddings.word_embeddings.weight").shape()[1];
        long vocab = tensors.get("embeddings.word_embeddings.weight").shape()[0];
        long positions = tensors.get("embeddings.position_embeddings.weight").shape()[0];
        long ff = tensors.get("encoder.layer.0.intermediate.dense.weight").shape()[0];
        long layers = tensors.keySet().stream().filter(k -> k.matches("encoder\\.layer\\.\\d+\\.output\\.dense\\.weight")).count();
        return "{\"architectures\": [\"BertModel\"], \"model_type\": \"bert\", \"hidden_size\": " + hidden
                + ", \"num_hidden_layers\": " + layers + ", \"num_attention_heads\": " + heads + ", \"intermediate_size\": " + ff
                + ", \"hidden_act\": \"gelu\", \"layer_norm_eps\": 1e-12, \"max_position_embeddings\": " + positions
                + ", \"type_vocab_size\": 2, \"vocab_size\": " + vocab + ", \"pad_token_id\": 0}";
    }

    private static void writeSafetensors(Path file, Map<String, OnnxProto.Initializer> tensors) throws IOException {
        StringBuilder h = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        long offset = 0;
        for (OnnxProto.Initializer t : tensors.values()) {
            long bytes = 4L * t.values().length;
            h.append(",\"").append(t.name()).append("\":{\"dtype\":\"F32\",\"shape\":[");
            for (int i = 0; i < t.shape().length; i++) {
                h.append(i > 0 ? "," : "").append(t.shape()[i]);
            }
            h.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        h.append('}');
        while (h.length() % 8 != 0) {
            h.append(' ');
        }
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length));
            out.write(ByteBuffer.wrap(header));
            for (OnnxProto.Initializer t : tensors.values()) {
                ByteBuffer b = ByteBuffer.allocate(4 * t.values().length).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(t.values());
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
        }
    }
}
