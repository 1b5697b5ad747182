package realizar.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import realizar.runtime.ModelOptions;
import realizar.runtime.RealizarOptions;

/**
 * Serving an embedding model: {@code POST /v1/embeddings} on llama.cpp's BERT fixture gives llama.cpp's sentence
 * embedding within the fixture's 2e-4 per component, for text and for token ids, as floats or base64; the generative
 * routes answer that this model does not generate.
 */
final class EmbeddingsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURE = root().resolve("realizar-runtime/src/test/resources/fixtures/arch/bert");
    private static RealizarServer server;

    @BeforeAll
    static void start() {
        server = RealizarServer.start(new ServerConfig(FIXTURE.resolve("bert-F16.gguf"), "127.0.0.1", 0,
                new RealizarOptions(null, null, 2), ModelOptions.defaults()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void embeddingsMatchLlamaCpp() throws IOException {
        JsonNode ref = JSON.readTree(FIXTURE.resolve("ref-F16.json").toFile());
        JsonNode expected = ref.get("embedding");
        JsonNode byText = post("/v1/embeddings", "{\"input\": \"hello world\"}", 200);
        JsonNode byIds = post("/v1/embeddings", "{\"input\": [[101, 7592, 2088, 102]], \"encoding_format\": \"base64\"}", 200);
        assertEquals(4, byText.get("usage").get("prompt_tokens").asInt());
        JsonNode vector = byText.get("data").get(0).get("embedding");
        ByteBuffer b64 = ByteBuffer.wrap(Base64.getDecoder().decode(byIds.get("data").get(0).get("embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(expected.size(), vector.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).asDouble(), vector.get(i).asDouble(), 2e-4, "component " + i);
            assertEquals(expected.get(i).asDouble(), b64.getFloat(i * 4), 2e-4, "base64 component " + i);
        }
        JsonNode two = post("/v1/embeddings", "{\"input\": [\"hello world\", \"good night\"]}", 200);
        assertEquals(2, two.get("data").size());
        assertEquals(1, two.get("data").get(1).get("index").asInt());
    }

    @Test
    void anEncoderDoesNotGenerateAndBadInputsNameTheField() throws IOException {
        JsonNode e = post("/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", 400).get("error");
        assertTrue(e.get("message").asText().contains("embedding model"), e.toString());
        assertEquals("input", post("/v1/embeddings", "{\"input\": 5}", 400).get("error").get("param").asText());
        assertEquals("input", post("/v1/embeddings", "{\"input\": [[101, 99999999]]}", 400).get("error").get("param").asText());
        assertEquals("encoding_format", post("/v1/embeddings", "{\"input\": \"x\", \"encoding_format\": \"hex\"}", 400)
                .get("error").get("param").asText());
    }

    private static JsonNode post(String path, String body, int status) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port() + path).toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        try (OutputStream out = c.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(status, c.getResponseCode(), path + " " + body);
        try (var in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            return JSON.readTree(in);
        }
    }

    private static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        return p;
    }
}
