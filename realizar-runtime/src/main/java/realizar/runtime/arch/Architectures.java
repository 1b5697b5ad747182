package realizar.runtime.arch;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.backend.ComputeDevice;
import realizar.api.format.ModelFile;
import realizar.runtime.arch.gemma.GemmaModel;
import realizar.runtime.arch.gemma2.Gemma2Model;
import realizar.runtime.arch.gpt2.Gpt2Model;
import realizar.runtime.arch.llama.LlamaModel;
import realizar.runtime.arch.phi2.Phi2Model;
import realizar.runtime.arch.phi3.Phi3Model;
import realizar.runtime.arch.qwen2.Qwen2Model;
import realizar.runtime.arch.qwen3.Qwen3Model;
import realizar.runtime.model.CausalLM;

/** Maps {@code general.architecture} to the class that builds that model. */
public final class Architectures {
    @FunctionalInterface
    interface Loader {
        CausalLM load(ModelFile file, ComputeDevice device);
    }

    private static final Map<String, Loader> LOADERS = new TreeMap<>();

    static {
        LOADERS.put("llama", LlamaModel::load);
        LOADERS.put("qwen2", Qwen2Model::load);
        LOADERS.put("qwen3", Qwen3Model::load);
        LOADERS.put("phi2", Phi2Model::load);
        LOADERS.put("phi3", Phi3Model::load);
        LOADERS.put("gemma", GemmaModel::load);
        LOADERS.put("gemma2", Gemma2Model::load);
        LOADERS.put("gpt2", Gpt2Model::load);
    }

    private Architectures() {
    }

    public static CausalLM load(ModelFile file, ComputeDevice device) {
        String arch = file.metadata().findString("general.architecture").orElseThrow(() -> new RealizarException(
                ErrorCode.MALFORMED_MODEL, file.path().getFileName() + " has no general.architecture"));
        Loader loader = LOADERS.get(arch);
        if (loader == null) {
            throw new RealizarException(ErrorCode.UNSUPPORTED_ARCHITECTURE,
                    "architecture '" + arch + "' is not supported; supported: " + String.join(", ", LOADERS.keySet()));
        }
        return loader.load(file, device);
    }

    /** The supported {@code general.architecture} values, sorted. */
    public static Set<String> supported() {
        return Collections.unmodifiableSet(LOADERS.keySet());
    }
}
