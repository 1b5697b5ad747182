package realizar.format.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import realizar.api.format.Metadata;
import realizar.api.format.ModelFile;
import realizar.api.format.TensorType;

/** The per-architecture names, keys and derived tensors of convert_hf_to_gguf.py, on small synthetic folders. */
final class TestHfArchitectures {
    @TempDir
    Path dir;

    private final SafetensorsFormatReader reader = new SafetensorsFormatReader();

    private ModelFile open(String config, SafetensorsBytes weights) throws IOException {
        Files.writeString(dir.resolve("config.json"), config);
        weights.write(dir.resolve("model.safetensors"));
        return reader.open(dir);
    }

    @Test
    void qwen3NamesAndKeys() throws IOException {
        try (ModelFile m = open("{\"architectures\":[\"Qwen3ForCausalLM\"],\"hidden_size\":8,\"num_attention_heads\":2,"
                + "\"num_key_value_heads\":1,\"num_hidden_layers\":1,\"intermediate_size\":16,\"head_dim\":16,"
                + "\"rope_theta\":1000000.0,\"rms_norm_eps\":1e-06,\"max_position_embeddings\":40960}",
                new SafetensorsBytes().f32("model.layers.0.self_attn.q_norm.weight", new long[] {2}, 1, 2)
                        .f32("model.layers.0.self_attn.q_proj.bias", new long[] {1}, 3)
                        .f32("model.layers.0.self_attn.rotary_emb.inv_freq", new long[] {1}, 3))) {
            Metadata md = m.metadata();
            assertEquals("qwen3", md.getString("general.architecture"));
            assertEquals(16, md.getLong("qwen3.attention.key_length"));
            assertEquals(16, md.getLong("qwen3.rope.dimension_count"));
            assertEquals(1, md.getLong("qwen3.attention.head_count_kv"));
            assertEquals(1e6f, md.getFloat("qwen3.rope.freq_base"));
            assertEquals(40960, md.getLong("qwen3.context_length"));
            assertFalse(md.has(HfDecoderArchitecture.NEOX_KEY), "qwen3 is NEOX in llama.cpp already");
            assertTrue(m.findTensor("blk.0.attn_q_norm.weight").isPresent());
            assertTrue(m.findTensor("blk.0.attn_q.bias").isPresent());
            assertEquals(2, m.tensors().size(), "the rotary buffer is left out");
        }
    }

    @Test
    void phi3FusedProjections() throws IOException {
        try (ModelFile m = open("{\"architectures\":[\"Phi3ForCausalLM\"],\"hidden_size\":8,\"num_attention_heads\":2,"
                + "\"num_hidden_layers\":1,\"intermediate_size\":16,\"sliding_window\":2047}",
                new SafetensorsBytes().f32("model.layers.0.self_attn.qkv_proj.weight", new long[] {1}, 1)
                        .f32("model.layers.0.mlp.gate_up_proj.weight", new long[] {1}, 1))) {
            assertEquals("phi3", m.metadata().getString("general.architecture"));
            assertEquals(2047, m.metadata().getLong("phi3.attention.sliding_window"));
            assertTrue(m.findTensor("blk.0.attn_qkv.weight").isPresent());
            assertTrue(m.findTensor("blk.0.ffn_up.weight").isPresent());
        }
    }

    @Test
    void gemmaNormsGetOneAdded() throws IOException {
        byte[] bf16 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3F00).putShort((short) 0xBF80).array();
        try (ModelFile m = open("{\"architectures\":[\"GemmaForCausalLM\"],\"hidden_size\":2,\"num_attention_heads\":1,"
                + "\"num_hidden_layers\":1,\"intermediate_size\":4,\"head_dim\":2}",
                new SafetensorsBytes().raw("model.norm.weight", "BF16", new long[] {2}, bf16)
                        .raw("model.embed_tokens.weight", "BF16", new long[] {1, 2}, bf16))) {
            var norm = m.tensor("output_norm.weight");
            assertEquals(TensorType.F32, norm.type());
            assertEquals(1.5f, Floats.get(norm, 0));              // 0.5 + 1
            assertEquals(0f, Floats.get(norm, 1));                // -1 + 1
            assertEquals(TensorType.BF16, m.tensor("token_embd.weight").type(), "other tensors are the file's bytes");
            assertEquals(0.5f, Floats.get(m.tensor("token_embd.weight"), 0));
        }
    }

    @Test
    void llama31RopeFrequencyFactors() throws IOException {
        try (ModelFile m = open("{\"architectures\":[\"LlamaForCausalLM\"],\"hidden_size\":128,\"num_attention_heads\":2,"
                + "\"num_hidden_layers\":1,\"intermediate_size\":16,\"rope_theta\":500000.0,\"rope_scaling\":{\"factor\":8.0,"
                + "\"low_freq_factor\":1.0,\"high_freq_factor\":4.0,\"original_max_position_embeddings\":8192,\"rope_type\":\"llama3\"}}",
                new SafetensorsBytes().f32("model.norm.weight", new long[] {1}, 1))) {
            var freqs = m.tensor("rope_freqs.weight");
            assertEquals(32, freqs.info().elementCount(), "head_dim / 2 pairs");
            assertEquals(1f, Floats.get(freqs, 0), "high frequencies are kept");
            assertEquals(8f, Floats.get(freqs, 31), "low frequencies are divided by the factor");
            assertEquals(8192, m.metadata().getLong("llama.rope.scaling.original_context_length"));
            assertTrue(m.metadata().getBoolean(HfDecoderArchitecture.NEOX_KEY, false));
        }
    }

    @Test
    void bertNamesDropPoolerAndPrefix() {
        HfEncoderArchitecture bert = HfEncoderArchitecture.bert();
        assertEquals("blk.3.attn_output_norm.weight", bert.tensorName("bert.encoder.layer.3.attention.output.LayerNorm.gamma"));
        assertEquals("blk.0.ffn_down.bias", bert.tensorName("encoder.layer.0.output.dense.bias"));
        assertEquals("token_embd_norm.bias", bert.tensorName("embeddings.LayerNorm.beta"));
        assertNull(bert.tensorName("pooler.dense.weight"));
        assertNull(bert.tensorName("embeddings.position_ids"));
        HfEncoderArchitecture nomic = HfEncoderArchitecture.nomicBert();
        assertEquals("blk.1.ffn_gate.weight", nomic.tensorName("encoder.layers.1.mlp.fc12.weight"));
        assertEquals("token_embd_norm.weight", nomic.tensorName("emb_ln.weight"));
    }

    @Test
    void wordPiecePhantomSpace() {
        assertEquals("\u2581hello", HfTokenizerConverter.phantom("hello"));
        assertEquals("ing", HfTokenizerConverter.phantom("##ing"));
        assertEquals("[CLS]", HfTokenizerConverter.phantom("[CLS]"));
    }
}
