package realizar.format.safetensors;

import java.lang.foreign.Arena;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.Tensor;

/**
 * How one Hugging Face architecture is presented as the GGUF llama.cpp's {@code convert_hf_to_gguf.py} would write
 * for it: the {@code <arch>.*} metadata keys derived from {@code config.json}, and each tensor's GGUF name.
 */
interface HfArchitecture {
    /** {@code general.architecture}. */
    String ggufName();

    /** Adds {@code general.architecture} and the {@code <arch>.*} keys. */
    void addMetadata(JsonObject config, Map<String, Object> metadata);

    /** The GGUF name of a Hugging Face tensor, or null to leave the tensor out (buffers such as rotary caches). */
    String tensorName(String hfName);

    /**
     * A tensor as the runtime needs it; usually {@code t} itself. Architectures whose converter changes values (Gemma's
     * norm weights are stored minus one) return a derived tensor allocated in {@code arena}.
     */
    default Tensor adapt(Tensor t, Arena arena) {
        return t;
    }

    /** Tensors the converter computes from config.json (Llama 3.1's {@code rope_freqs.weight}); allocated in arena. */
    default List<Tensor> extraTensors(JsonObject config, Arena arena) {
        return List.of();
    }

    /** The mapping for {@code config.json}'s {@code architectures[0]}, falling back to its {@code model_type}. */
    static HfArchitecture of(JsonObject config) {
        String declared = config.list("architectures").filter(l -> !l.isEmpty()).map(l -> String.valueOf(l.get(0))).orElse("");
        String modelType = config.string("model_type").orElse("").toLowerCase(Locale.ROOT);
        HfArchitecture arch = byName(declared);
        if (arch == null) {
            // An unknown head class over a known model type (BertForTokenClassification...) is read by its type.
            arch = byName(modelType);
        }
        if (arch == null) {
            throw new RealizarException(ErrorCode.UNSUPPORTED_ARCHITECTURE, config.source() + ": architecture '"
                    + declared + "' (model_type '" + modelType + "') is not supported; supported: llama, mistral, qwen2, "
                    + "qwen3, phi3, gemma, bert, nomic-bert");
        }
        return arch;
    }

    private static HfArchitecture byName(String name) {
        return switch (name) {
            case "LlamaForCausalLM", "LlamaModel", "llama" -> HfDecoderArchitecture.llama("llama");
            case "MistralForCausalLM", "MistralModel", "mistral" -> HfDecoderArchitecture.llama("llama");
            case "Qwen2ForCausalLM", "Qwen2Model", "qwen2" -> HfDecoderArchitecture.plain("qwen2");
            case "Qwen3ForCausalLM", "Qwen3Model", "qwen3" -> HfDecoderArchitecture.plain("qwen3");
            case "Phi3ForCausalLM", "phi3" -> HfDecoderArchitecture.plain("phi3");
            case "GemmaForCausalLM", "GemmaModel", "gemma" -> HfDecoderArchitecture.gemma();
            case "BertModel", "BertForMaskedLM", "BertForSequenceClassification", "BertForPreTraining", "bert" ->
                    HfEncoderArchitecture.bert();
            case "NomicBertModel", "nomic_bert", "nomic-bert" -> HfEncoderArchitecture.nomicBert();
            default -> null;
        };
    }
}
