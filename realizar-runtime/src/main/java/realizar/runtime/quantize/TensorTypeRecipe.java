package realizar.runtime.quantize;

import java.util.ArrayList;
import java.util.List;

import realizar.api.format.TensorType;

/**
 * Which type each tensor gets for a {@link QuantMix}: llama.cpp's {@code llama_tensor_get_type} (src/llama-quant.cpp)
 * for the mixes realizar writes — output and tied token embeddings promoted to Q6_K, attn_v and ffn_down promoted
 * on some layers, 1-D and norm tensors kept as they are, and rows that are not whole blocks falling back to a type
 * with smaller blocks. Tensors must be given in llama.cpp's order ({@link LlamaTensorOrder}): the per-layer counters
 * advance as tensors are visited.
 */
public final class TensorTypeRecipe {
    /** The shape facts the recipe depends on. */
    public record ModelShape(String architecture, int layers, int heads, int kvHeads, int experts) {
        int gqa() {
            return kvHeads > 0 ? heads / kvHeads : 1;
        }
    }

    /** A tensor to place: its name, its current type and its dims in ggml order. */
    public record Entry(String name, TensorType type, long[] dims) {
    }

    private final QuantMix mix;
    private final boolean pure;
    private final ModelShape shape;
    private int attnV;
    private int ffnDown;
    private int attnVCount;
    private boolean tiedEmbeddings = true;

    private TensorTypeRecipe(QuantMix mix, boolean pure, ModelShape shape) {
        this.mix = mix;
        this.pure = pure;
        this.shape = shape;
    }

    /** The target type of every entry, in order. */
    public static List<TensorType> plan(List<Entry> tensors, QuantMix mix, boolean pure, ModelShape shape) {
        TensorTypeRecipe r = new TensorTypeRecipe(mix, pure, shape);
        for (Entry e : tensors) {
            if (isAttnV(e.name())) {
                r.attnVCount++;
            }
            if (e.name().equals("output.weight")) {
                r.tiedEmbeddings = false;
            }
        }
        List<TensorType> types = new ArrayList<>(tensors.size());
        for (Entry e : tensors) {
            types.add(r.typeOf(e));
        }
        return types;
    }

    /** {@code tensor_allows_quantization}: 2-D (or more) weights that are not norms, gates of experts or positions. */
    static boolean allowsQuantization(Entry e) {
        String name = e.name();
        int nDims = e.dims().length;
        while (nDims > 1 && e.dims()[nDims - 1] == 1) {
            nDims--; // ggml_n_dims ignores trailing 1s
        }
        return nDims >= 2 && name.endsWith("weight") && !name.contains("_norm.weight")
                && !name.contains("ffn_gate_inp.weight") && !name.equals("position_embd.weight")
                && !name.equals("token_types.weight") && !name.contains("ssm_conv1d") && !name.contains("attn_rel_b.weight");
    }

    private TensorType typeOf(Entry e) {
        if (!allowsQuantization(e)) {
            return e.type();
        }
        TensorType t = mix.defaultType();
        if (!t.isQuantized()) {
            return t;
        }
        if (!pure) {
            t = mixed(t, e);
        }
        return fallback(t, e.dims()[0]);
    }

    private static boolean isAttnV(String name) {
        return name.contains("attn_v.weight") || name.contains("attn_qkv.weight") || name.contains("attn_kv_b.weight");
    }

    private static boolean useMoreBits(int layer, int layers) {
        return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
    }

    private TensorType mixed(TensorType t, Entry e) {
        String name = e.name();
        boolean falcon = shape.architecture().equals("falcon");
        boolean output = name.equals("output.weight");
        boolean tokenEmbd = name.equals("token_embd.weight");
        if (output || (tiedEmbeddings && tokenEmbd)) {
            long nx = e.dims()[0];
            if (falcon || nx % t.blockSize() != 0) {
                return TensorType.Q8_0;
            }
            return t != TensorType.Q8_0 ? TensorType.Q6_K : t;
        }
        if (tokenEmbd) {
            return t;
        }
        if (isAttnV(name)) {
            t = attnV(t);
            attnV++;
            return t;
        }
        if (name.contains("ffn_down")) {
            t = ffnDown(t, ffnDown, shape.layers(), falcon);
            ffnDown++;
            return t;
        }
        if (name.contains("attn_output.weight")) {
            if (falcon) {
                return mix == QuantMix.Q3_K_L ? TensorType.Q4_K : t;
            }
            if (shape.experts() == 8) {
                return switch (mix) {
                    case Q2_K, Q3_K_S, Q3_K_M, Q4_K_S, Q4_K_M -> TensorType.Q5_K;
                    default -> t;
                };
            }
            return switch (mix) {
                case Q2_K -> TensorType.Q3_K;
                case Q3_K_M -> TensorType.Q4_K;
                case Q3_K_L -> TensorType.Q5_K;
                default -> t;
            };
        }
        if (name.contains("attn_qkv.weight")) {
            return switch (mix) {
                case Q3_K_M, Q3_K_L -> TensorType.Q4_K;
                case Q4_K_M -> TensorType.Q5_K;
                case Q5_K_M -> TensorType.Q6_K;
                default -> t;
            };
        }
        return t;
    }

    private TensorType attnV(TensorType t) {
        int gqa = shape.gqa();
        switch (mix) {
            case Q2_K -> t = gqa >= 4 ? TensorType.Q4_K : TensorType.Q3_K;
            case Q3_K_M -> t = attnV < 2 ? TensorType.Q5_K : TensorType.Q4_K;
            case Q3_K_L -> t = TensorType.Q5_K;
            case Q4_K_M, Q5_K_M -> t = useMoreBits(attnV, attnVCount) ? TensorType.Q6_K : t;
            case Q4_K_S -> t = attnV < 4 ? TensorType.Q5_K : t;
            default -> {
            }
        }
        if (shape.architecture().equals("llama") && shape.layers() == 80 && gqa > 1
                && (t == TensorType.Q3_K || t == TensorType.Q4_K)) {
            t = TensorType.Q5_K; // LLM_TYPE_70B: attn_v is 8x smaller than attn_q, more bits cost little
        }
        if (shape.experts() == 8) {
            t = TensorType.Q8_0;
        }
        return t;
    }

    private TensorType ffnDown(TensorType t, int layer, int layers, boolean falcon) {
        return switch (mix) {
            case Q2_K -> TensorType.Q3_K;
            case Q3_K_M -> layer < layers / 16 ? TensorType.Q5_K
                    : !falcon || useMoreBits(layer, layers) ? TensorType.Q4_K : TensorType.Q3_K;
            case Q3_K_L -> falcon ? TensorType.Q4_K : TensorType.Q5_K;
            case Q4_K_M -> falcon ? (layer < layers / 16 ? TensorType.Q6_K
                    : useMoreBits(layer, layers) ? TensorType.Q5_K : TensorType.Q4_K)
                    : useMoreBits(layer, layers) ? TensorType.Q6_K : t;
            case Q5_K_M -> useMoreBits(layer, layers) ? TensorType.Q6_K : t;
            case Q4_K_S -> !falcon && layer < layers / 8 ? TensorType.Q5_K : t;
            default -> t;
        };
    }

    /** {@code tensor_type_fallback}: a row length that is not a whole number of blocks takes a smaller block. */
    static TensorType fallback(TensorType t, long rowLength) {
        if (rowLength % t.blockSize() == 0) {
            return t;
        }
        TensorType f = switch (t) {
            case Q2_K, Q3_K -> TensorType.Q4_0;
            case Q4_K -> TensorType.Q5_0;
            case Q5_K -> TensorType.Q5_1;
            case Q6_K -> TensorType.Q8_0;
            default -> TensorType.F16;
        };
        return rowLength % f.blockSize() == 0 ? f : TensorType.F16;
    }
}
