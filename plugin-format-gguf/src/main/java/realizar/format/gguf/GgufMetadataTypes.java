package realizar.format.gguf;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.Metadata;

/**
 * Chooses the GGUF type each metadata value is written with, because {@link Metadata}'s Java types do not say it
 * exactly ({@code Integer} holds uint8 to int32, {@code Long} uint32 to int64). In order:
 * <ol>
 *   <li>the value's type tag in {@value GgufModelFile#VALUE_TYPES_KEY} ({@code "key=uint16"}), which every GGUF file
 *       opened by this plugin carries, if the value fits that type;</li>
 *   <li>the type llama.cpp reads the key with (it checks types strictly: {@code general.file_type} must be uint32,
 *       {@code split.count} uint16), if the value fits it;</li>
 *   <li>from the Java type: String → string, Boolean → bool, Integer → int32, Long → uint32 when in 0..2^32-1 else
 *       int64, Float → float32, Double → float64, {@code int[]} → array[int32], {@code long[]} → array[uint32] or
 *       array[int64] as for Long, {@code float[]}, {@code double[]}, {@code boolean[]}, {@code List<String>} →
 *       array[string] (also when empty), a List of arrays → array[array[...]].</li>
 * </ol>
 */
final class GgufMetadataTypes {
    private static final GgufType U16 = GgufType.of(GgufValueType.UINT16);
    private static final GgufType U32 = GgufType.of(GgufValueType.UINT32);
    private static final GgufType I32 = GgufType.of(GgufValueType.INT32);
    private static final GgufType F32 = GgufType.of(GgufValueType.FLOAT32);

    /** Keys llama.cpp reads with a fixed type wherever they appear (llama-arch.cpp names, gguf.cpp, gguf-split). */
    private static final Map<String, GgufType> EXACT_KEYS = Map.of(
            GgufParser.ALIGNMENT_KEY, U32,
            "general.file_type", U32,
            "general.quantization_version", U32,
            "split.no", U16,
            "split.count", U16,
            "split.tensors.count", I32);

    /** Key endings after the architecture prefix ({@code llama.context_length}) that llama.cpp reads as uint32. */
    private static final Set<String> U32_SUFFIXES = Set.of(
            "vocab_size", "context_length", "embedding_length", "embedding_length_per_layer_input", "block_count",
            "leading_dense_block_count", "feed_forward_length", "expert_feed_forward_length",
            "expert_shared_feed_forward_length", "expert_count", "expert_used_count", "expert_shared_count",
            "expert_group_count", "expert_group_used_count", "attention.head_count", "attention.head_count_kv",
            "attention.key_length", "attention.value_length", "attention.sliding_window", "attention.q_lora_rank",
            "attention.kv_lora_rank", "attention.groupnorm_groups", "rope.dimension_count",
            "rope.scaling.original_context_length", "ssm.conv_kernel", "ssm.inner_size", "ssm.state_size",
            "ssm.time_step_rank", "ssm.group_count", "wkv.head_size", "n_deepstack_layers");

    /** Key endings llama.cpp reads as float32. */
    private static final Set<String> F32_SUFFIXES = Set.of(
            "attention.layer_norm_epsilon", "attention.layer_norm_rms_epsilon", "attention.clamp_kqv",
            "attention.max_alibi_bias", "attention.scale", "rope.freq_base", "rope.freq_scale", "rope.scaling.factor",
            "rope.scaling.attn_factor", "rope.scaling.yarn_log_multiplier", "logit_scale", "embedding_scale",
            "residual_scale", "attn_logit_softcapping", "final_logit_softcapping", "expert_weights_scale",
            "expert_weights_norm");

    private GgufMetadataTypes() {
    }

    /** The type tags of {@value GgufModelFile#VALUE_TYPES_KEY}, by key; empty when the metadata has none. */
    static Map<String, GgufType> tags(Metadata metadata) {
        Object list = metadata.asMap().get(GgufModelFile.VALUE_TYPES_KEY);
        if (list == null) {
            return Map.of();
        }
        if (!(list instanceof List<?> entries)) {
            throw invalid(GgufModelFile.VALUE_TYPES_KEY, "must be a list of \"key=type\" strings, is " + list.getClass().getSimpleName());
        }
        Map<String, GgufType> tags = new HashMap<>();
        for (Object entry : entries) {
            int eq = entry instanceof String s ? s.lastIndexOf('=') : -1;
            GgufType type = eq < 0 ? null : GgufType.parse(((String) entry).substring(eq + 1));
            if (type == null) {
                throw invalid(GgufModelFile.VALUE_TYPES_KEY, "entry '" + entry + "' is not \"key=type\" with a GGUF type"
                        + " (uint8 .. float64, string, bool, array[type])");
            }
            tags.put(((String) entry).substring(0, eq), type);
        }
        return tags;
    }

    /**
     * The type {@code value} is written with; {@code tag} may be null. An array type's element may be null (the tag
     * {@code array[array]}): the encoder then types each inner array by {@link #byJavaType}.
     */
    static GgufType choose(String key, Object value, GgufType tag) {
        if (tag != null && fits(tag, value)) {
            return tag;
        }
        GgufType known = knownType(key);
        if (known != null && fits(known, value)) {
            return known;
        }
        return byJavaType(key, value);
    }

    static GgufType knownType(String key) {
        GgufType exact = EXACT_KEYS.get(key);
        if (exact != null) {
            return exact;
        }
        if (key.startsWith("tokenizer.ggml.") && key.endsWith("_token_id")) {
            return U32;
        }
        int dot = key.indexOf('.');
        if (dot < 0) {
            return null;
        }
        String suffix = key.substring(dot + 1);
        return U32_SUFFIXES.contains(suffix) ? U32 : F32_SUFFIXES.contains(suffix) ? F32 : null;
    }

    /** Whether {@code value} can be stored as {@code type} without changing it (floats may lose precision). */
    static boolean fits(GgufType type, Object value) {
        if (!type.isArray()) {
            return fitsScalar(type.base(), value);
        }
        GgufType element = type.element();
        if (element == null) {
            return isArrayValue(value);
        }
        return switch (value) {
            case int[] a when element.base().isInteger() -> allFit(element.base(), a.length, i -> a[i]);
            case long[] a when element.base().isInteger() -> allFit(element.base(), a.length, i -> a[i]);
            case float[] _ -> element.base() == GgufValueType.FLOAT32 || element.base() == GgufValueType.FLOAT64;
            case double[] _ -> element.base() == GgufValueType.FLOAT32 || element.base() == GgufValueType.FLOAT64;
            case boolean[] _ -> element.base() == GgufValueType.BOOL;
            case List<?> list -> list.stream().allMatch(e -> fits(element, e));
            default -> false;
        };
    }

    private static boolean fitsScalar(GgufValueType type, Object value) {
        return switch (type) {
            case FLOAT32, FLOAT64 -> value instanceof Float || value instanceof Double;
            case BOOL -> value instanceof Boolean;
            case STRING -> value instanceof String;
            case ARRAY -> false;
            default -> isIntegral(value) && inRange(type, ((Number) value).longValue());
        };
    }

    private static boolean isIntegral(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte;
    }

    private static boolean isArrayValue(Object value) {
        return value instanceof int[] || value instanceof long[] || value instanceof float[] || value instanceof double[]
                || value instanceof boolean[] || value instanceof List<?>;
    }

    private interface LongAt {
        long at(int i);
    }

    private static boolean allFit(GgufValueType type, int n, LongAt values) {
        for (int i = 0; i < n; i++) {
            if (!inRange(type, values.at(i))) {
                return false;
            }
        }
        return true;
    }

    /** uint64 holds any long: the parser reads values of 2^63 and above as negative longs, bit for bit. */
    static boolean inRange(GgufValueType type, long v) {
        return switch (type) {
            case UINT8 -> v >= 0 && v <= 0xFF;
            case INT8 -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
            case UINT16 -> v >= 0 && v <= 0xFFFF;
            case INT16 -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
            case UINT32 -> v >= 0 && v <= 0xFFFF_FFFFL;
            case INT32 -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
            case UINT64, INT64 -> true;
            default -> false;
        };
    }

    static GgufType byJavaType(String key, Object value) {
        return switch (value) {
            case String _ -> GgufType.of(GgufValueType.STRING);
            case Boolean _ -> GgufType.of(GgufValueType.BOOL);
            case Integer _, Short _, Byte _ -> I32;
            case Long l -> inRange(GgufValueType.UINT32, l) ? U32 : GgufType.of(GgufValueType.INT64);
            case Float _ -> F32;
            case Double _ -> GgufType.of(GgufValueType.FLOAT64);
            case int[] _ -> GgufType.arrayOf(I32);
            case long[] a -> GgufType.arrayOf(allFit(GgufValueType.UINT32, a.length, i -> a[i]) ? U32 : GgufType.of(GgufValueType.INT64));
            case float[] _ -> GgufType.arrayOf(F32);
            case double[] _ -> GgufType.arrayOf(GgufType.of(GgufValueType.FLOAT64));
            case boolean[] _ -> GgufType.arrayOf(GgufType.of(GgufValueType.BOOL));
            case List<?> list when list.stream().allMatch(e -> e instanceof String) -> GgufType.arrayOf(GgufType.of(GgufValueType.STRING));
            case List<?> list when list.stream().allMatch(GgufMetadataTypes::isArrayValue) -> GgufType.arrayOf(commonElementType(key, list));
            default -> throw invalid(key, "a " + value.getClass().getSimpleName() + " cannot be stored in GGUF metadata"
                    + " (use String, Boolean, Integer, Long, Float, Double, a primitive array or a List)");
        };
    }

    /** The one type of every inner array, or {@code array} (each inner array typed by itself) when they differ. */
    private static GgufType commonElementType(String key, List<?> arrays) {
        GgufType common = null;
        for (Object inner : arrays) {
            GgufType t = byJavaType(key, inner);
            if (common != null && !common.equals(t)) {
                return GgufType.arrayOf(null);
            }
            common = t;
        }
        return common == null ? GgufType.arrayOf(null) : common;
    }

    static RealizarException invalid(String key, String what) {
        return new RealizarException(ErrorCode.INVALID_ARGUMENT, "metadata key '" + key + "': " + what);
    }
}
