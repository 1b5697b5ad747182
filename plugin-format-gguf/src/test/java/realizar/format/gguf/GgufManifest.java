package realizar.format.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import realizar.api.format.ModelFile;
import realizar.api.format.Tensor;
import realizar.api.format.TensorInfo;
import realizar.api.format.TensorType;

/** Reads the quant fixtures' manifest ({@code files[]} entries) and checks open files against it. */
final class GgufManifest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GgufManifest() {
    }

    static JsonNode read(Path json) throws IOException {
        return JSON.readTree(json.toFile());
    }

    /** The file name of a {@code files[]} entry ({@code qrand-Q4_0-pure.gguf}). */
    static String fileName(JsonNode entry) {
        return Path.of(entry.get("file").asText()).getFileName().toString();
    }

    /**
     * The model's header and tensors equal the manifest entry: version, alignment, data section, and for every tensor
     * in order its name, type (name and ggml id), ne, data_offset, n_bytes and the sha256 of its raw bytes.
     */
    static void assertMatches(JsonNode entry, GgufModelFile model) {
        String file = fileName(entry);
        assertEquals(entry.get("gguf_version").asInt(), model.version(), file + " version");
        assertEquals(entry.get("data_section_offset").asLong(), model.dataOffset(), file + " data section");
        assertEquals(entry.get("alignment").asInt(), model.metadata().getInt("general.alignment", GgufParser.DEFAULT_ALIGNMENT));
        List<TensorInfo> infos = model.tensors();
        JsonNode tensors = entry.get("tensors");
        assertEquals(tensors.size(), infos.size(), file + " tensor count");
        for (int i = 0; i < tensors.size(); i++) {
            JsonNode expected = tensors.get(i);
            TensorInfo actual = infos.get(i);
            String where = file + " " + expected.get("name").asText();
            assertEquals(expected.get("name").asText(), actual.name(), where);
            assertEquals(TensorType.valueOf(expected.get("ggml_type").asText()), actual.type(), where);
            assertEquals(expected.get("ggml_type_id").asInt(), actual.type().ggmlId(), where);
            assertArrayEquals(longs(expected.get("ne")), actual.dims(), where);
            assertEquals(expected.get("n_elements").asLong(), actual.elementCount(), where);
            assertEquals(expected.get("data_offset").asLong(), actual.dataOffset(), where);
            assertEquals(expected.get("n_bytes").asLong(), actual.byteSize(), where);
            Tensor t = model.tensor(actual.name());
            assertEquals(expected.get("raw_sha256").asText(), GgufTestSupport.sha256(t.data()), where + " raw_sha256");
        }
    }

    /** TensorType's geometry gives each manifest tensor's n_bytes from its ne, and its ggml id. */
    static void assertGeometry(JsonNode tensor) {
        TensorType type = TensorType.valueOf(tensor.get("ggml_type").asText());
        String where = tensor.get("name").asText() + " " + type;
        assertEquals(tensor.get("ggml_type_id").asInt(), type.ggmlId(), where);
        long[] ne = longs(tensor.get("ne"));
        long elements = 1;
        for (long d : ne) {
            elements *= d;
        }
        assertEquals(0, ne[0] % type.blockSize(), where + " row is whole blocks");
        assertEquals(tensor.get("n_bytes").asLong(), type.bytesFor(elements), where + " n_bytes");
    }

    static long[] longs(JsonNode array) {
        long[] a = new long[array.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = array.get(i).asLong();
        }
        return a;
    }

    static GgufModelFile open(Path file) {
        ModelFile model = GgufTestSupport.GGUF.open(file);
        return (GgufModelFile) model;
    }
}
