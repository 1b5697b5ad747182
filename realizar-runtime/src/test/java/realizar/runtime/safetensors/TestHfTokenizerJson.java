package realizar.runtime.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import realizar.api.format.FormatReader;
import realizar.api.format.Metadata;
import realizar.api.format.ModelFile;
import realizar.runtime.testing.TestModels;
import realizar.runtime.tokenizer.Tokenizer;

/**
 * Hugging Face {@code tokenizer.json} files through the safetensors folder view and the runtime's tokenizers, against
 * llama.cpp's test vectors. Each tokenizer.json is written here from a llama.cpp vocab GGUF the way the Hugging Face
 * tokenizers library lays one out (WordPiece with "##" continuations and BertNormalizer; byte-level BPE with its
 * merges and GPT-2's built-in or Llama 3's Split regex; special tokens as added_tokens) — the inverse of
 * convert_hf_to_gguf.py — so converting it back must give llama.cpp's ids for every case.
 */
final class TestHfTokenizerJson {
    private static final String LLAMA3_REGEX = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> tokenizerJsonGivesLlamaCppIds() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : List.of("bert-bge", "gpt-2", "llama-bpe")) {
            Path gguf = resource("tokenizers/ggml-vocab-" + name + ".gguf");
            Metadata vocab;
            try (ModelFile f = TestModels.open(gguf)) {
                vocab = f.metadata();
            }
            Path folder = Files.createDirectories(dir.resolve(name));
            writeFolder(folder, name, vocab);
            Tokenizer tokenizer;
            Metadata converted;
            try (ModelFile f = openFolder(folder)) {
                converted = f.metadata();
                tokenizer = Tokenizer.fromMetadata(converted);
            }
            assertEquals(vocab.getStrings("tokenizer.ggml.tokens"), converted.getStrings("tokenizer.ggml.tokens"), name + " tokens");
            if (!name.equals("bert-bge")) {
                assertEquals(vocab.getString("tokenizer.ggml.pre"), converted.getString("tokenizer.ggml.pre"), name + " pre");
            }
            for (String[] c : cases(gguf)) {
                int[] expected = c[1].isBlank() ? new int[0] : Arrays.stream(c[1].trim().split(" +")).mapToInt(Integer::parseInt).toArray();
                tests.add(DynamicTest.dynamicTest(name + ": " + c[0].replace("\n", "\\n"),
                        () -> assertArrayEquals(expected, tokenizer.encode(c[0], false, false))));
            }
        }
        return tests.stream();
    }

    /** A folder with config.json, a one-tensor model.safetensors and the tokenizer.json rebuilt from {@code vocab}. */
    private static void writeFolder(Path folder, String name, Metadata vocab) throws IOException {
        boolean bert = name.startsWith("bert");
        Files.writeString(folder.resolve("config.json"), bert
                ? "{\"architectures\":[\"BertModel\"],\"hidden_size\":8,\"num_hidden_layers\":1,\"num_attention_heads\":2,\"intermediate_size\":16}"
                : "{\"architectures\":[\"LlamaForCausalLM\"],\"hidden_size\":8,\"num_hidden_layers\":1,\"num_attention_heads\":2,\"intermediate_size\":16}");
        byte[] header = "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}".getBytes(StandardCharsets.UTF_8);
        Files.write(folder.resolve("model.safetensors"), ByteBuffer.allocate(8 + header.length + 4).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).putFloat(0).array());
        List<String> tokens = vocab.getStrings("tokenizer.ggml.tokens");
        int[] types = vocab.getInts("tokenizer.ggml.token_type");
        Map<String, Object> hfVocab = new LinkedHashMap<>();
        List<Map<String, Object>> added = new ArrayList<>();
        for (int id = 0; id < tokens.size(); id++) {
            String t = tokens.get(id);
            if (bert && !(t.startsWith("[") && t.endsWith("]"))) {
                t = t.startsWith("\u2581") ? t.substring(1) : "##" + t;
            }
            if (types[id] == 3 || types[id] == 4) {
                added.add(Map.of("id", id, "content", t, "special", types[id] == 3));
            }
            hfVocab.putIfAbsent(t, id);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", "1.0");
        json.put("added_tokens", added);
        if (bert) {
            json.put("normalizer", Map.of("type", "BertNormalizer", "clean_text", true, "handle_chinese_chars", true, "lowercase", true));
            json.put("pre_tokenizer", Map.of("type", "BertPreTokenizer"));
            model.put("type", "WordPiece");
            model.put("unk_token", "[UNK]");
            model.put("continuing_subword_prefix", "##");
        } else {
            json.put("pre_tokenizer", name.equals("gpt-2")
                    ? Map.of("type", "ByteLevel", "add_prefix_space", false, "trim_offsets", true, "use_regex", true)
                    : Map.of("type", "Sequence", "pretokenizers", List.of(
                            Map.of("type", "Split", "pattern", Map.of("Regex", LLAMA3_REGEX), "behavior", "Isolated", "invert", false),
                            Map.of("type", "ByteLevel", "add_prefix_space", false, "trim_offsets", true, "use_regex", false))));
            json.put("decoder", Map.of("type", "ByteLevel"));
            model.put("type", "BPE");
            model.put("merges", vocab.getStrings("tokenizer.ggml.merges").stream().map(m -> Arrays.asList(m.split(" ", 2))).toList());
        }
        model.put("vocab", hfVocab);
        json.put("model", model);
        new ObjectMapper().writeValue(folder.resolve("tokenizer.json").toFile(), json);
    }

    private static ModelFile openFolder(Path folder) {
        for (FormatReader reader : ServiceLoader.load(FormatReader.class)) {
            if (reader.name().equals("safetensors")) {
                return reader.open(folder);
            }
        }
        throw new IllegalStateException("the safetensors reader is not on the test path");
    }

    private static List<String[]> cases(Path gguf) throws IOException {
        String inp = Files.readString(Path.of(gguf + ".inp"));
        String out = Files.readString(Path.of(gguf + ".out"));
        List<String> texts = new ArrayList<>(Arrays.asList(inp.split("\n__ggml_vocab_test__\n", -1)));
        texts.removeLast();
        String[] lines = out.split("\n", -1);
        List<String[]> cases = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            cases.add(new String[] {texts.get(i), lines[i]});
        }
        return cases;
    }

    private static Path resource(String name) {
        try {
            return Path.of(TestHfTokenizerJson.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
