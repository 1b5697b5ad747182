package realizar.runtime.quantize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import realizar.api.format.TensorType;
import realizar.runtime.testing.TestModels;

/**
 * The per-tensor types of every llama-quantize run of the shared fixtures (vendored in qrand-recipes.json): the
 * {@code --pure} files and the Q3_K_M/Q4_K_M/Q5_K_M mixes, F16 and BF16, in llama.cpp's tensor order.
 */
final class TensorTypeRecipeTest {
    static JsonNode recipes() throws IOException {
        return new ObjectMapper().readTree(
                TestModels.repoRoot().resolve("realizar-runtime/src/test/resources/quant/qrand-recipes.json").toFile());
    }

    static Stream<Arguments> files() throws IOException {
        List<Arguments> out = new ArrayList<>();
        recipes().get("files").fields().forEachRemaining(e -> out.add(Arguments.of(e.getKey(), e.getValue())));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void typesEqualLlamaQuantize(String file, JsonNode entry) throws IOException {
        JsonNode r = recipes();
        String[] args = entry.get("llama_quantize_args").asText().split(" ");
        boolean pure = args[0].equals("--pure");
        QuantMix mix = QuantMix.parse(args[pure ? 3 : 2]);
        assertEquals(entry.get("general.file_type").asInt(), mix.fileType(), "general.file_type");

        List<TensorTypeRecipe.Entry> tensors = new ArrayList<>();
        for (JsonNode t : r.get("tensors")) {
            long[] dims = new long[t.get("dims").size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = t.get("dims").get(i).asLong();
            }
            tensors.add(new TensorTypeRecipe.Entry(t.get("name").asText(), TensorType.valueOf(t.get("type").asText()), dims));
        }
        tensors.sort((a, b) -> LlamaTensorOrder.BY_NAME.compare(a.name(), b.name()));
        JsonNode h = r.get("hparams");
        var shape = new TensorTypeRecipe.ModelShape("llama", h.get("n_layer").asInt(), h.get("n_head").asInt(),
                h.get("n_head_kv").asInt(), 0);
        List<TensorType> planned = TensorTypeRecipe.plan(tensors, mix, pure, shape);

        Map<String, String> ours = new LinkedHashMap<>();
        for (int i = 0; i < tensors.size(); i++) {
            ours.put(tensors.get(i).name(), planned.get(i).name());
        }
        Map<String, String> theirs = new LinkedHashMap<>();
        entry.get("tensor_types").fields().forEachRemaining(e -> theirs.put(e.getKey(), e.getValue().asText()));
        assertEquals(theirs, ours);
        assertEquals(List.copyOf(theirs.keySet()), List.copyOf(ours.keySet()), "llama.cpp's tensor order");
    }

    @Test
    void llamaOrderPutsGlobalTensorsFirstAndLayersNumerically() {
        List<String> names = new ArrayList<>(List.of("blk.10.attn_q.weight", "blk.2.ffn_up.weight", "output.weight",
                "blk.2.attn_k.weight", "token_embd.weight", "output_norm.weight"));
        names.sort(LlamaTensorOrder.BY_NAME);
        assertEquals(List.of("output.weight", "output_norm.weight", "token_embd.weight", "blk.2.attn_k.weight",
                "blk.2.ffn_up.weight", "blk.10.attn_q.weight"), names);
    }

    @Test
    void rowsThatAreNotWholeBlocksFallBackAsLlamaCpp() {
        assertEquals(TensorType.Q5_0, TensorTypeRecipe.fallback(TensorType.Q4_K, 4096 + 32));
        assertEquals(TensorType.Q8_0, TensorTypeRecipe.fallback(TensorType.Q6_K, 96));
        assertEquals(TensorType.F16, TensorTypeRecipe.fallback(TensorType.Q4_0, 172)); // stories260K's ffn_down
        assertEquals(TensorType.Q4_K, TensorTypeRecipe.fallback(TensorType.Q4_K, 512));
    }

    @Test
    void tiedEmbeddingsTakeTheOutputType() {
        var shape = new TensorTypeRecipe.ModelShape("llama", 16, 32, 8, 0);
        List<TensorTypeRecipe.Entry> tensors = List.of(
                new TensorTypeRecipe.Entry("token_embd.weight", TensorType.F32, new long[] {2048, 128256}),
                new TensorTypeRecipe.Entry("blk.0.attn_q.weight", TensorType.F32, new long[] {2048, 2048}),
                new TensorTypeRecipe.Entry("blk.0.attn_norm.weight", TensorType.F32, new long[] {2048}));
        assertEquals(List.of(TensorType.Q6_K, TensorType.Q4_0, TensorType.F32),
                TensorTypeRecipe.plan(tensors, QuantMix.Q4_0, false, shape));
        assertEquals(List.of(TensorType.Q4_0, TensorType.Q4_0, TensorType.F32),
                TensorTypeRecipe.plan(tensors, QuantMix.Q4_0, true, shape));
    }
}
