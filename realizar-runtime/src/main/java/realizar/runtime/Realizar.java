package realizar.runtime;

import java.nio.file.Path;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.backend.ComputeBackend;
import realizar.api.backend.ComputeDevice;
import realizar.api.backend.DeviceOptions;
import realizar.api.format.FormatReader;
import realizar.api.format.ModelFile;
import realizar.runtime.model.Architectures;
import realizar.runtime.model.CausalLM;
import realizar.runtime.plugin.PluginRegistry;
import realizar.runtime.plugin.Selection;

/**
 * The library's entry point: discovers plugins, opens model files, and loads models onto a compute device.
 *
 * <pre>{@code
 * try (Realizar realizar = Realizar.create(RealizarOptions.defaults());
 *      LoadedModel model = realizar.load(Path.of("model.gguf"), ModelOptions.defaults())) {
 *     GenerationResult r = model.generate("Once upon a time", 32, SamplingParams.greedy());
 * }
 * }</pre>
 *
 * Thread-safe. Closing it closes the compute device; close the models first.
 */
public final class Realizar implements AutoCloseable {
    private final RealizarOptions options;
    private final PluginRegistry plugins;
    private ComputeBackend backend;
    private ComputeDevice device;

    private Realizar(RealizarOptions options, PluginRegistry plugins) {
        this.options = options;
        this.plugins = plugins;
    }

    public static Realizar create(RealizarOptions options) {
        return new Realizar(options, PluginRegistry.discover(options.pluginsDir()));
    }

    public PluginRegistry plugins() {
        return plugins;
    }

    /** Opens a model file with the reader its leading bytes select (or {@code format} when given). */
    public ModelFile open(Path path, String format) {
        FormatReader reader = Selection.format(plugins, path, format);
        return reader.open(path);
    }

    /** The compute device, opened on first use. */
    public synchronized ComputeDevice device() {
        if (device == null) {
            backend = Selection.backend(plugins, options.backend());
            device = backend.open(new DeviceOptions(options.threads(), 0));
        }
        return device;
    }

    /** The name of the backend in use (opening the device if needed). */
    public synchronized String backendName() {
        device();
        return backend.name();
    }

    /** Opens and loads a model for generation. */
    public LoadedModel load(Path path, ModelOptions modelOptions) {
        long start = System.nanoTime();
        ModelFile file = open(path, modelOptions.format());
        try {
            CausalLM lm = Architectures.load(file, device());
            int trained = lm.trainedContextLength();
            int ctx = modelOptions.contextLength() > 0 ? modelOptions.contextLength()
                    : Math.min(trained, ModelOptions.DEFAULT_MAX_CONTEXT);
            if (ctx > trained && trained > 0) {
                throw new RealizarException(ErrorCode.INVALID_ARGUMENT,
                        "--ctx " + ctx + " exceeds the model's trained context length " + trained);
            }
            return new LoadedModel(file, lm, ctx, modelOptions, (System.nanoTime() - start) / 1e6);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (device != null) {
            device.close();
            device = null;
        }
    }
}
