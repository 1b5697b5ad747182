package realizar.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import realizar.runtime.ModelOptions;
import realizar.runtime.RealizarOptions;
import realizar.runtime.model.KvType;

/**
 * The OpenAI-compatible endpoints on the demo model (ChatML template): completions match llama.cpp's greedy text,
 * chat completions stream the same text they return whole, tool_choice and response_format constrain the reply, bad
 * requests name the field, and a client that hangs up mid-stream stops its generation.
 */
final class OpenAiApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RealizarServer server;

    @BeforeAll
    static void start() {
        server = RealizarServer.start(new ServerConfig(root().resolve("models/stories260K/stories260K.gguf"), "127.0.0.1", 0,
                new RealizarOptions(null, null, 2), new ModelOptions(null, 512, KvType.F32, 512), "chatml"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void modelsAndCompletions() throws IOException {
        JsonNode models = get("/v1/models");
        assertEquals("stories260K.gguf", models.get("data").get(0).get("id").asText());

        JsonNode r = post("/v1/completions", "{\"prompt\": \"Once upon a time\", \"max_tokens\": 8, \"temperature\": 0, \"logprobs\": 3}", 200);
        assertEquals(", there was a little girl", r.get("choices").get(0).get("text").asText()); // llama.cpp's first 8 greedy tokens
        assertEquals("length", r.get("choices").get(0).get("finish_reason").asText());
        assertEquals(5, r.get("usage").get("prompt_tokens").asInt());
        assertEquals(8, r.get("usage").get("completion_tokens").asInt());
        JsonNode lp = r.get("choices").get(0).get("logprobs");
        assertEquals(8, lp.get("tokens").size());
        assertEquals(3, lp.get("top_logprobs").get(0).size());
        assertTrue(lp.get("token_logprobs").get(0).asDouble() > -0.1, lp.toString()); // ',' has p ≈ 0.97
    }

    @Test
    void chatStreamsWhatItReturnsWhole() throws IOException {
        String body = "{\"messages\": [{\"role\": \"user\", \"content\": \"Tell me a story\"}], \"max_tokens\": 24, \"temperature\": 0";
        JsonNode whole = post("/v1/chat/completions", body + "}", 200);
        String content = whole.get("choices").get(0).get("message").get("content").asText();
        assertTrue(!content.isEmpty());
        assertEquals("assistant", whole.get("choices").get(0).get("message").get("role").asText());

        List<JsonNode> events = stream("/v1/chat/completions", body + ", \"stream\": true, \"stream_options\": {\"include_usage\": true}}");
        StringBuilder streamed = new StringBuilder();
        String finish = null;
        for (JsonNode e : events) {
            if (e.get("choices").isEmpty()) {
                assertEquals(24, e.get("usage").get("completion_tokens").asInt());
                continue;
            }
            JsonNode choice = e.get("choices").get(0);
            streamed.append(choice.get("delta").path("content").asText(""));
            if (!choice.get("finish_reason").isNull()) {
                finish = choice.get("finish_reason").asText();
            }
        }
        assertEquals(content, streamed.toString());
        assertEquals(whole.get("choices").get(0).get("finish_reason").asText(), finish);
    }

    @Test
    void toolChoiceRequiredGivesAToolCall() throws IOException {
        String body = """
                {"messages": [{"role": "user", "content": "Weather in Paris?"}], "temperature": 0.7, "seed": 5, "max_tokens": 200,
                 "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Weather",
                   "parameters": {"type": "object", "properties": {"city": {"type": "string", "maxLength": 12}}, "required": ["city"]}}}],
                 "tool_choice": "required"}""";
        JsonNode r = post("/v1/chat/completions", body, 200);
        JsonNode choice = r.get("choices").get(0);
        assertEquals("tool_calls", choice.get("finish_reason").asText(), r.toString());
        JsonNode call = choice.get("message").get("tool_calls").get(0);
        assertEquals("function", call.get("type").asText());
        assertEquals("get_weather", call.get("function").get("name").asText());
        JsonNode args = JSON.readTree(call.get("function").get("arguments").asText());
        assertTrue(args.get("city").isTextual(), args.toString());
    }

    @Test
    void responseFormatJsonSchema() throws IOException {
        String body = """
                {"messages": [{"role": "user", "content": "A hero?"}], "temperature": 0.8, "seed": 3, "max_tokens": 300,
                 "response_format": {"type": "json_schema", "json_schema": {"name": "hero", "schema":
                   {"type": "object", "properties": {"name": {"type": "string", "maxLength": 15}, "brave": {"type": "boolean"}},
                    "required": ["name", "brave"]}}}}""";
        JsonNode r = post("/v1/chat/completions", body, 200);
        JsonNode value = JSON.readTree(r.get("choices").get(0).get("message").get("content").asText());
        assertTrue(value.get("name").isTextual() && value.get("brave").isBoolean(), value.toString());
    }

    @Test
    void badRequestsNameTheField() throws IOException {
        assertEquals("messages", post("/v1/chat/completions", "{}", 400).get("error").get("param").asText());
        assertEquals("messages[0].role", post("/v1/chat/completions",
                "{\"messages\": [{\"role\": \"wizard\", \"content\": \"x\"}]}", 400).get("error").get("param").asText());
        assertEquals("n", post("/v1/chat/completions",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"n\": 2}", 400).get("error").get("param").asText());
        assertEquals("tool_choice", post("/v1/chat/completions",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"tool_choice\": {\"type\": \"function\", \"function\": {\"name\": \"nope\"}}}",
                400).get("error").get("param").asText());
        assertEquals("temperature", post("/v1/completions", "{\"prompt\": \"x\", \"temperature\": 7}", 400).get("error").get("param").asText());
        assertEquals("prompt", post("/v1/completions", "{\"prompt\": [1, 99999]}", 400).get("error").get("param").asText());
        assertEquals("logit_bias", post("/v1/completions", "{\"prompt\": \"x\", \"logit_bias\": {\"abc\": 1}}", 400).get("error").get("param").asText());
    }

    @Test
    void aClientThatHangsUpStopsItsGeneration() throws IOException {
        String body = "{\"prompt\": \"Once upon a time\", \"max_tokens\": 500, \"temperature\": 1, \"stream\": true}";
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int events = 0;
            for (String line; (line = in.readLine()) != null && events < 3; ) {
                if (line.startsWith("data: ")) {
                    events++;
                }
            }
            assertEquals(3, events);
        }
        // The model serves one generation at a time: this answers only once the abandoned one has stopped.
        JsonNode r = post("/v1/completions", "{\"prompt\": \"Once upon a time\", \"max_tokens\": 4, \"temperature\": 0}", 200);
        assertEquals(", there was a", r.get("choices").get(0).get("text").asText());
    }

    private static List<JsonNode> stream(String path, String body) throws IOException {
        HttpURLConnection c = open(path, body);
        assertEquals(200, c.getResponseCode());
        assertTrue(c.getContentType().startsWith("text/event-stream"), c.getContentType());
        List<JsonNode> events = new ArrayList<>();
        boolean done = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("data: [DONE]")) {
                    done = true;
                } else if (line.startsWith("data: ")) {
                    events.add(JSON.readTree(line.substring(6)));
                }
            }
        }
        assertTrue(done, "the stream did not end with [DONE]");
        return events;
    }

    private static JsonNode post(String path, String body, int status) throws IOException {
        HttpURLConnection c = open(path, body);
        assertEquals(status, c.getResponseCode(), path + " " + body);
        try (var in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) {
            return JSON.readTree(in);
        }
    }

    private static HttpURLConnection open(String path, String body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port() + path).toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("content-type", "application/json");
        try (OutputStream out = c.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        return c;
    }

    private static JsonNode get(String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port() + path).toURL().openConnection();
        try (var in = c.getInputStream()) {
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
