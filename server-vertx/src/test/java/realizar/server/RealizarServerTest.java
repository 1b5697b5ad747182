package realizar.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import realizar.runtime.ModelOptions;
import realizar.runtime.RealizarOptions;
import realizar.runtime.model.KvType;

/**
 * The server end to end on the demo model: {@code POST /generate} gives llama.cpp's greedy ids for every fixture
 * prompt; malformed or out-of-range requests get a 400 naming the field, and the server keeps serving.
 */
final class RealizarServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RealizarServer server;

    record Response(int status, JsonNode body) {
    }

    @BeforeAll
    static void start() {
        Path root = repoRoot();
        server = RealizarServer.start(new ServerConfig(root.resolve("models/stories260K/stories260K.gguf"), "127.0.0.1", 0,
                new RealizarOptions(null, null, 2), new ModelOptions(null, 512, KvType.F32, 512)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void generateMatchesLlamaCppGreedyIds() throws IOException {
        JsonNode fixture = JSON.readTree(repoRoot().resolve(
                "realizar-runtime/src/test/resources/fixtures/stories260K/stories260K-F32.greedy.json").toFile());
        for (JsonNode c : fixture.get("cases")) {
            String body = JSON.writeValueAsString(java.util.Map.of("prompt", c.get("prompt").asText(),
                    "max_tokens", c.get("n_predict").asInt(), "temperature", 0, "seed", 42));
            Response r = post("/generate", body);
            assertEquals(200, r.status(), r.body().toString());
            assertEquals(c.get("output_ids"), r.body().get("token_ids"), "prompt '" + c.get("prompt").asText() + "'");
            assertEquals(c.get("output_ids").size(), r.body().get("num_generated").asInt());
            assertEquals(new String(java.util.HexFormat.of().parseHex(c.get("output_bytes_hex").asText()), StandardCharsets.UTF_8),
                    r.body().get("text").asText());
        }
    }

    @Test
    void badRequestsName400AndTheFieldAndTheServerKeepsServing() throws IOException {
        assertError(post("/generate", "{\"prompt\": \"Once\", "), null, "malformed JSON");
        assertError(post("/generate", "[1, 2]"), null, "JSON object");
        assertError(post("/generate", "{\"max_tokens\": 4}"), "prompt", "required");
        assertError(post("/generate", "{\"prompt\": 7}"), "prompt", "string");
        assertError(post("/generate", "{\"prompt\": \"Once\", \"max_tokens\": -1}"), "max_tokens", "between");
        assertError(post("/generate", "{\"prompt\": \"Once\", \"max_tokens\": 100000000}"), "max_tokens", "between");
        assertError(post("/generate", "{\"prompt\": \"Once\", \"temperature\": -0.5}"), "temperature", ">=");
        assertError(post("/generate", "{\"prompt\": \"Once\", \"top_p\": 0}"), "top_p", ">");
        assertError(post("/generate", "{\"prompt\": \"Once\", \"top_k\": 1.5}"), "top_k", "integer");
        assertError(post("/generate", "{\"prompt\": \"Once\", \"seed\": \"x\"}"), "seed", "integer");
        Response notFound = post("/nothing-here", "{}");
        assertEquals(404, notFound.status());
        assertEquals("NOT_FOUND", notFound.body().get("error").get("code").asText());
        assertEquals(405, get("/generate").status());

        Response health = get("/health");
        assertEquals(200, health.status());
        assertEquals("ok", health.body().get("status").asText());
        Response ok = post("/generate", "{\"prompt\": \"Once upon a time\", \"max_tokens\": 3, \"temperature\": 0}");
        assertEquals(200, ok.status(), ok.body().toString());
        assertEquals("[432,383,286]", ok.body().get("token_ids").toString());
    }

    @Test
    void seededSamplingIsReproducibleOverHttp() throws IOException {
        String body = "{\"prompt\": \"Once upon a time\", \"max_tokens\": 16, \"temperature\": 1.0, \"seed\": 7}";
        assertEquals(post("/generate", body).body().get("token_ids"), post("/generate", body).body().get("token_ids"));
    }

    private static void assertError(Response r, String param, String messagePart) {
        assertEquals(400, r.status(), r.body().toString());
        JsonNode e = r.body().get("error");
        assertTrue(e.get("message").asText().contains(messagePart), e.toString());
        if (param == null) {
            assertTrue(e.get("param").isNull(), e.toString());
        } else {
            assertEquals(param, e.get("param").asText(), e.toString());
        }
    }

    private static Response post(String path, String body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port() + path).toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("content-type", "application/json");
        try (OutputStream out = c.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        return read(c);
    }

    private static Response get(String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port() + path).toURL().openConnection();
        return read(c);
    }

    private static Response read(HttpURLConnection c) throws IOException {
        int status = c.getResponseCode();
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            return new Response(status, JSON.readTree(in));
        }
    }

    private static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        return p;
    }
}
