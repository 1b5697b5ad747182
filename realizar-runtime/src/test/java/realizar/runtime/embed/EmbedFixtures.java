package realizar.runtime.embed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import realizar.api.format.FormatReader;
import realizar.api.format.ModelFile;

/** The vendored ONNX Runtime reference embeddings (fixtures/embeddings) and model opening by reader name. */
final class EmbedFixtures {
    /** One reference sentence: its text, the Hugging Face tokenizer's ids (or null) and ONNX Runtime's vector. */
    record Item(String text, int[] ids, float[] embedding) {
    }

    private EmbedFixtures() {
    }

    static List<Item> items(String resource) throws IOException {
        try (InputStream in = EmbedFixtures.class.getResourceAsStream("/fixtures/embeddings/" + resource)) {
            JsonNode root = new ObjectMapper().readTree(in);
            JsonNode items = root.isArray() ? root : root.get("items");
            List<Item> out = new ArrayList<>();
            for (JsonNode item : items) {
                out.add(new Item(item.get("text").asText(), item.has("ids") ? TestBertReference.ints(item.get("ids")) : null,
                        floats(item.get("embedding"))));
            }
            return out;
        }
    }

    static List<String> texts(List<Item> items) {
        return items.stream().map(Item::text).toList();
    }

    static float[] floats(JsonNode a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) a.get(i).asDouble();
        }
        return out;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    static ModelFile open(String format, Path path) {
        for (FormatReader reader : ServiceLoader.load(FormatReader.class)) {
            if (reader.name().equals(format)) {
                return reader.open(path);
            }
        }
        throw new IllegalStateException("the " + format + " reader is not on the test path");
    }

    static FormatReader reader(String format) {
        for (FormatReader reader : ServiceLoader.load(FormatReader.class)) {
            if (reader.name().equals(format)) {
                return reader;
            }
        }
        throw new IllegalStateException("the " + format + " reader is not on the test path");
    }
}
