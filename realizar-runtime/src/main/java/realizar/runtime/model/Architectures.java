package realizar.runtime.model;

import java.util.Map;
import java.util.TreeMap;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.backend.ComputeDevice;
import realizar.api.format.ModelFile;
import realizar.runtime.arch.llama.LlamaModel;

/** Maps {@code general.architecture} to the class that builds that model. */
public final class Architectures {
    @FunctionalInterface
    interface Loader {
        CausalLM load(ModelFile file, ComputeDevice device);
    }

    private static final Map<String, Loader> LOADERS = new TreeMap<>();

    static {
        LOADERS.put("llama", LlamaModel::load);
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

    public static java.util.Set<String> supported() {
        return LOADERS.keySet();
    }
}
