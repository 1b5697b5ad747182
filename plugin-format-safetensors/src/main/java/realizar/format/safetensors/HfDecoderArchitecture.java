package realizar.format.safetensors;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.Tensor;
import realizar.api.format.TensorInfo;
import realizar.api.format.TensorType;

/**
 * The decoder-only families (llama, mistral, qwen2, qwen3, phi3, gemma): {@code model.layers.N.*} names and the
 * hyperparameter keys of convert_hf_to_gguf.py's {@code LlamaModel}, {@code Qwen2Model}, {@code Qwen3Model},
 * {@code Phi3MiniModel} and {@code GemmaModel}.
 *
 * <p>Q/K weights: the converter permutes llama's and mistral's Q/K rows so that llama.cpp can rotate adjacent pairs
 * (NORMAL rope). This view keeps the file's bytes and instead sets {@value #NEOX_KEY} = true: NEOX rope on the
 * Hugging Face row order computes the same thing. qwen2, qwen3, phi3 and gemma use NEOX rope in llama.cpp already and
 * are not permuted by the converter.
 */
final class HfDecoderArchitecture implements HfArchitecture {
    /** Tells the runtime that Q/K rows are in Hugging Face order, so rope must rotate (x[i], x[i + n/2]) pairs. */
    static final String NEOX_KEY = "realizar.rope.neox";

    private static final Map<String, String> LAYER_NAMES = Map.ofEntries(
            Map.entry("input_layernorm", "attn_norm"),
            Map.entry("self_attn.q_proj", "attn_q"),
            Map.entry("self_attn.k_proj", "attn_k"),
            Map.entry("self_attn.v_proj", "attn_v"),
            Map.entry("self_attn.o_proj", "attn_output"),
            Map.entry("self_attn.qkv_proj", "attn_qkv"),
            Map.entry("self_attn.q_norm", "attn_q_norm"),
            Map.entry("self_attn.k_norm", "attn_k_norm"),
            Map.entry("post_attention_layernorm", "ffn_norm"),
            Map.entry("mlp.gate_proj", "ffn_gate"),
            Map.entry("mlp.up_proj", "ffn_up"),
            Map.entry("mlp.down_proj", "ffn_down"),
            // phi3 keeps gate and up in one matrix; llama.cpp's phi3 splits it at run time.
            Map.entry("mlp.gate_up_proj", "ffn_up"));

    private final String arch;
    private final boolean hfOrderQk;
    private final boolean normPlusOne;

    private HfDecoderArchitecture(String arch, boolean hfOrderQk, boolean normPlusOne) {
        this.arch = arch;
        this.hfOrderQk = hfOrderQk;
        this.normPlusOne = normPlusOne;
    }

    /** llama and mistral (written as {@code llama}, as the converter does), Q/K rows in Hugging Face order. */
    static HfDecoderArchitecture llama(String arch) {
        return new HfDecoderArchitecture(arch, true, false);
    }

    static HfDecoderArchitecture plain(String arch) {
        return new HfDecoderArchitecture(arch, false, false);
    }

    /** Gemma stores RMSNorm weights as w - 1 (its norm multiplies by 1 + w); the converter adds the one back. */
    static HfDecoderArchitecture gemma() {
        return new HfDecoderArchitecture("gemma", false, true);
    }

    @Override
    public String ggufName() {
        return arch;
    }

    @Override
    public void addMetadata(JsonObject c, Map<String, Object> md) {
        String a = arch + ".";
        md.put("general.architecture", arch);
        long dim = c.requireInteger("hidden_size");
        long heads = c.requireInteger("num_attention_heads");
        long kvHeads = c.integer("num_key_value_heads", heads);
        md.put(a + "context_length", c.integer("max_position_embeddings", 2048));
        md.put(a + "embedding_length", dim);
        md.put(a + "block_count", c.requireInteger("num_hidden_layers"));
        md.put(a + "feed_forward_length", c.requireInteger("intermediate_size"));
        md.put(a + "attention.head_count", heads);
        md.put(a + "attention.head_count_kv", kvHeads);
        md.put(a + "rope.freq_base", (float) c.number("rope_theta", 10000.0));
        md.put(a + "attention.layer_norm_rms_epsilon", (float) c.number("rms_norm_eps", 1e-6));
        long headDim = c.integer("head_dim", dim / heads);
        if (c.has("head_dim")) {
            md.put(a + "attention.key_length", headDim);
            md.put(a + "attention.value_length", headDim);
        }
        double partial = c.number("partial_rotary_factor", 1.0);
        md.put(a + "rope.dimension_count", (long) (headDim * partial));
        c.integer("vocab_size").ifPresent(v -> md.put(a + "vocab_size", v));
        c.integer("sliding_window").filter(w -> arch.equals("phi3")).ifPresent(w -> md.put(a + "attention.sliding_window", w));
        c.object("rope_scaling").flatMap(r -> r.integer("original_max_position_embeddings"))
                .ifPresent(n -> md.put(a + "rope.scaling.original_context_length", n));
        if (hfOrderQk) {
            md.put(NEOX_KEY, Boolean.TRUE);
        }
    }

    @Override
    public String tensorName(String hf) {
        String name = hf.startsWith("model.") ? hf.substring("model.".length()) : hf;
        switch (name) {
            case "embed_tokens.weight":
                return "token_embd.weight";
            case "norm.weight":
                return "output_norm.weight";
            case "lm_head.weight":
                return "output.weight";
            default:
                break;
        }
        if (name.startsWith("layers.")) {
            int dot = name.indexOf('.', "layers.".length());
            if (dot > 0) {
                String layer = name.substring("layers.".length(), dot);
                String rest = name.substring(dot + 1);
                if (rest.contains("rotary_emb.")) {
                    return null;
                }
                int suffixAt = rest.lastIndexOf('.');
                String module = rest.substring(0, suffixAt);
                String mapped = LAYER_NAMES.get(module);
                if (mapped != null && layer.chars().allMatch(Character::isDigit)) {
                    return "blk." + layer + "." + mapped + rest.substring(suffixAt);
                }
            }
        }
        return hf;
    }

    @Override
    public Tensor adapt(Tensor t, Arena arena) {
        if (!normPlusOne || !t.name().endsWith("_norm.weight")) {
            return t;
        }
        long n = t.info().elementCount();
        MemorySegment out = arena.allocate(n * Float.BYTES, Float.BYTES);
        for (long i = 0; i < n; i++) {
            out.setAtIndex(ValueLayout.JAVA_FLOAT, i, Floats.get(t, i) + 1f);
        }
        return derived(t.name(), t.info().dims(), out.asReadOnly());
    }

    /** Llama 3.1's frequency factors, as the converter computes {@code rope_freqs.weight} for rope_type "llama3". */
    @Override
    public List<Tensor> extraTensors(JsonObject c, Arena arena) {
        JsonObject scaling = c.object("rope_scaling").orElse(null);
        if (scaling == null || !"llama3".equals(scaling.string("rope_type").orElse(scaling.string("type").orElse("")))) {
            return List.of();
        }
        long dim = c.requireInteger("hidden_size");
        long headDim = c.integer("head_dim", dim / c.requireInteger("num_attention_heads"));
        double base = c.number("rope_theta", 10000.0);
        double factor = scaling.number("factor", 8.0);
        double lowFactor = scaling.number("low_freq_factor", 1.0);
        double highFactor = scaling.number("high_freq_factor", 4.0);
        double oldContext = scaling.number("original_max_position_embeddings", 8192);
        if (highFactor == lowFactor) {
            throw new RealizarException(ErrorCode.MALFORMED_MODEL, c.source() + ": rope_scaling low_freq_factor equals high_freq_factor");
        }
        double lowWavelen = oldContext / lowFactor;
        double highWavelen = oldContext / highFactor;
        int pairs = (int) (headDim / 2);
        MemorySegment out = arena.allocate((long) pairs * Float.BYTES, Float.BYTES);
        for (int i = 0; i < pairs; i++) {
            double freq = 1.0 / Math.pow(base, (2.0 * i) / headDim);
            double wavelen = 2 * Math.PI / freq;
            double f;
            if (wavelen < highWavelen) {
                f = 1;
            } else if (wavelen > lowWavelen) {
                f = factor;
            } else {
                double smooth = (oldContext / wavelen - lowFactor) / (highFactor - lowFactor);
                f = 1 / ((1 - smooth) / factor + smooth);
            }
            out.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) f);
        }
        return List.of(derived("rope_freqs.weight", new long[] {pairs}, out.asReadOnly()));
    }

    static Tensor derived(String name, long[] dims, MemorySegment data) {
        return new Tensor(new TensorInfo(name, TensorType.F32, dims, -1, data.byteSize()), data);
    }
}
