package realizar.format.safetensors;

import java.util.Map;

/**
 * The encoder families: BERT ({@code BertModel}: all-MiniLM, bge, BERT-base) and nomic-bert, named and configured as
 * convert_hf_to_gguf.py's {@code BertModel} and {@code NomicBertModel} write them.
 *
 * <p>One key beyond llama.cpp's: {@value #GELU_ERF_KEY} = true when {@code hidden_act} is {@code "gelu"}, which
 * PyTorch computes with erf; llama.cpp always uses the tanh approximation. The encoder reads it to reproduce the
 * Hugging Face model (a GGUF made by llama.cpp lacks it and gets llama.cpp's GELU).
 */
final class HfEncoderArchitecture implements HfArchitecture {
    static final String GELU_ERF_KEY = "realizar.gelu.erf";

    private static final Map<String, String> BERT_LAYER = Map.of(
            "attention.self.query", "attn_q",
            "attention.self.key", "attn_k",
            "attention.self.value", "attn_v",
            "attention.output.dense", "attn_output",
            "attention.output.LayerNorm", "attn_output_norm",
            "intermediate.dense", "ffn_up",
            "output.dense", "ffn_down",
            "output.LayerNorm", "layer_output_norm");

    private static final Map<String, String> NOMIC_LAYER = Map.of(
            "attn.Wqkv", "attn_qkv",
            "attn.out_proj", "attn_output",
            "norm1", "attn_output_norm",
            "mlp.fc11", "ffn_up",
            "mlp.fc12", "ffn_gate",
            "mlp.fc2", "ffn_down",
            "norm2", "layer_output_norm");

    private final boolean nomic;

    private HfEncoderArchitecture(boolean nomic) {
        this.nomic = nomic;
    }

    static HfEncoderArchitecture bert() {
        return new HfEncoderArchitecture(false);
    }

    static HfEncoderArchitecture nomicBert() {
        return new HfEncoderArchitecture(true);
    }

    @Override
    public String ggufName() {
        return nomic ? "nomic-bert" : "bert";
    }

    @Override
    public void addMetadata(JsonObject c, Map<String, Object> md) {
        String a = ggufName() + ".";
        md.put("general.architecture", ggufName());
        if (nomic) {
            md.put(a + "context_length", c.integer("n_positions", 2048));
            md.put(a + "embedding_length", c.requireInteger("n_embd"));
            md.put(a + "feed_forward_length", c.integer("n_inner", 4 * c.requireInteger("n_embd")));
            md.put(a + "block_count", c.requireInteger("n_layer"));
            md.put(a + "attention.head_count", c.requireInteger("n_head"));
            md.put(a + "attention.layer_norm_epsilon", (float) c.number("layer_norm_epsilon", 1e-12));
            md.put(a + "rope.freq_base", (float) c.number("rotary_emb_base", 10000.0));
        } else {
            md.put(a + "context_length", c.integer("max_position_embeddings", 512));
            md.put(a + "embedding_length", c.requireInteger("hidden_size"));
            md.put(a + "feed_forward_length", c.requireInteger("intermediate_size"));
            md.put(a + "block_count", c.requireInteger("num_hidden_layers"));
            md.put(a + "attention.head_count", c.requireInteger("num_attention_heads"));
            md.put(a + "attention.layer_norm_epsilon", (float) c.number("layer_norm_eps", 1e-12));
            if (c.string("hidden_act").orElse("gelu").equals("gelu")) {
                md.put(GELU_ERF_KEY, Boolean.TRUE);
            }
        }
        md.put(a + "attention.causal", Boolean.FALSE);
        md.put("tokenizer.ggml.token_type_count", c.integer("type_vocab_size", 2));
    }

    @Override
    public String tensorName(String hf) {
        String name = hf;
        for (String prefix : new String[] {"bert.", "model.", "encoder_model."}) {
            if (name.startsWith(prefix)) {
                name = name.substring(prefix.length());
            }
        }
        // Old TensorFlow-era checkpoints name LayerNorm parameters gamma and beta.
        if (name.endsWith("LayerNorm.gamma")) {
            name = name.substring(0, name.length() - "gamma".length()) + "weight";
        } else if (name.endsWith("LayerNorm.beta")) {
            name = name.substring(0, name.length() - "beta".length()) + "bias";
        }
        switch (name) {
            case "embeddings.word_embeddings.weight":
                return "token_embd.weight";
            case "embeddings.position_embeddings.weight":
                return "position_embd.weight";
            case "embeddings.token_type_embeddings.weight":
                return "token_types.weight";
            case "embeddings.LayerNorm.weight", "emb_ln.weight":
                return "token_embd_norm.weight";
            case "embeddings.LayerNorm.bias", "emb_ln.bias":
                return "token_embd_norm.bias";
            case "embeddings.position_ids":
                return null;
            default:
                break;
        }
        if (name.startsWith("pooler.") || name.startsWith("cls.") || name.contains("rotary_emb")) {
            return null;
        }
        String layers = nomic ? "encoder.layers." : "encoder.layer.";
        if (name.startsWith(layers)) {
            int dot = name.indexOf('.', layers.length());
            if (dot > 0) {
                String layer = name.substring(layers.length(), dot);
                String rest = name.substring(dot + 1);
                int suffixAt = rest.lastIndexOf('.');
                if (suffixAt > 0) {
                    String mapped = (nomic ? NOMIC_LAYER : BERT_LAYER).get(rest.substring(0, suffixAt));
                    if (mapped != null && layer.chars().allMatch(Character::isDigit)) {
                        return "blk." + layer + "." + mapped + rest.substring(suffixAt);
                    }
                }
            }
        }
        return hf;
    }
}
