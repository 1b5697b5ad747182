package realizar.runtime.plugin;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolutionException;
import java.lang.LayerInstantiationException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

import realizar.api.ErrorCode;
import realizar.api.Provider;
import realizar.api.RealizarException;
import realizar.api.SpiVersion;
import realizar.api.backend.ComputeBackend;
import realizar.api.chat.ChatTemplate;
import realizar.api.chat.ToolFormat;
import realizar.api.format.FormatReader;

/**
 * Finds every provider of the four SPIs: those on the module path (or class path), plus every jar in a plugins folder,
 * each loaded into a {@link ModuleLayer} of its own so that plugins cannot see one another. One broken provider is
 * reported and skipped; it never stops the others. Two usable providers of one SPI with the same name are a
 * configuration error that names both sources.
 *
 * <p>Immutable after construction and thread-safe.
 */
public final class PluginRegistry {
    /** The SPIs the runtime uses, in the order {@code realizar plugins} lists them. */
    public static final List<Class<? extends Provider>> SPIS =
            List.of(FormatReader.class, ComputeBackend.class, ChatTemplate.class, ToolFormat.class);

    private final Map<Class<?>, List<Provider>> providers = new HashMap<>();
    private final Map<Provider, PluginInfo> infos = new LinkedHashMap<>();
    private final List<PluginInfo> failures = new ArrayList<>();

    private PluginRegistry() {
    }

    /** Discovers the providers visible to the runtime plus those in {@code pluginsDir} (may be null or absent). */
    public static PluginRegistry discover(Path pluginsDir) {
        PluginRegistry registry = new PluginRegistry();
        ModuleLayer parent = parentLayer();
        for (Class<? extends Provider> spi : SPIS) {
            registry.load(spi, ServiceLoader.load(spi, PluginRegistry.class.getClassLoader()), null, null);
        }
        if (pluginsDir != null && Files.isDirectory(pluginsDir)) {
            // Each jar directly in the folder is one plugin; each sub-folder is one plugin with its own dependencies.
            for (Path entry : entriesIn(pluginsDir)) {
                List<Path> jars = Files.isDirectory(entry) ? jarsIn(entry) : List.of(entry);
                if (!jars.isEmpty()) {
                    registry.loadPlugin(entry, jars, parent);
                }
            }
        }
        registry.checkConflicts();
        return registry;
    }

    private static ModuleLayer parentLayer() {
        ModuleLayer own = PluginRegistry.class.getModule().getLayer();
        return own != null ? own : ModuleLayer.boot();
    }

    private static List<Path> entriesIn(Path dir) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(p -> {
                if (Files.isDirectory(p) || p.getFileName().toString().endsWith(".jar")) {
                    entries.add(p);
                }
            });
        } catch (IOException e) {
            throw new RealizarException(ErrorCode.IO_ERROR, "cannot list plugins folder " + dir + ": " + e.getMessage(), e);
        }
        entries.sort(Comparator.naturalOrder());
        return entries;
    }

    private static List<Path> jarsIn(Path dir) {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.jar")) {
            stream.forEach(jars::add);
        } catch (IOException e) {
            throw new RealizarException(ErrorCode.IO_ERROR, "cannot list plugins folder " + dir + ": " + e.getMessage(), e);
        }
        jars.sort(Comparator.naturalOrder());
        return jars;
    }

    private void loadPlugin(Path jar, List<Path> jars, ModuleLayer parent) {
        ModuleLayer layer;
        try {
            ModuleFinder finder = ModuleFinder.of(jars.toArray(Path[]::new));
            Set<String> roots = finder.findAll().stream().map(r -> r.descriptor().name())
                    .filter(n -> parent.findModule(n).isEmpty()).collect(Collectors.toSet());
            if (roots.isEmpty()) {
                failures.add(new PluginInfo("-", jar.getFileName().toString(), "-", "-", jar.toString(),
                        "skipped: its modules are already loaded from the module path"));
                return;
            }
            Configuration cf = parent.configuration().resolveAndBind(finder, ModuleFinder.of(), roots);
            layer = parent.defineModulesWithOneLoader(cf, PluginRegistry.class.getClassLoader());
        } catch (FindException | ResolutionException | LayerInstantiationException e) {
            failures.add(new PluginInfo("-", jar.getFileName().toString(), "-", "-", jar.toString(), "failed: " + e.getMessage()));
            return;
        } catch (RuntimeException e) {
            failures.add(new PluginInfo("-", jar.getFileName().toString(), "-", "-", jar.toString(), "failed: " + e));
            return;
        }
        for (Class<? extends Provider> spi : SPIS) {
            load(spi, ServiceLoader.load(layer, spi), layer, jar);
        }
    }


    private void load(Class<? extends Provider> spi, ServiceLoader<? extends Provider> loader, ModuleLayer onlyLayer, Path jar) {
        for (ServiceLoader.Provider<? extends Provider> candidate : loader.stream().toList()) {
            Class<? extends Provider> type;
            try {
                type = candidate.type();
            } catch (Throwable t) {
                failures.add(new PluginInfo(spi.getSimpleName(), "?", "-", "-", source(null, jar), "failed: " + describe(t)));
                continue;
            }
            if (onlyLayer != null && type.getModule().getLayer() != onlyLayer) {
                continue; // found again through the parent layer; already listed
            }
            String module = type.getModule().isNamed() ? type.getModule().getName() : "unnamed";
            String source = source(type.getModule(), jar);
            Provider provider;
            try {
                provider = candidate.get();
            } catch (Throwable t) {
                failures.add(new PluginInfo(spi.getSimpleName(), type.getName(), "-", module, source, "failed: " + describe(t)));
                continue;
            }
            String name;
            String version;
            int spiVersion;
            try {
                name = provider.name();
                version = provider.version();
                spiVersion = provider.spiVersion();
            } catch (Throwable t) {
                failures.add(new PluginInfo(spi.getSimpleName(), type.getName(), "-", module, source, "failed: " + describe(t)));
                continue;
            }
            if (!SpiVersion.isCompatible(spiVersion)) {
                failures.add(new PluginInfo(spi.getSimpleName(), name, version, module, source,
                        "incompatible: built for SPI version " + spiVersion + ", this runtime has " + SpiVersion.CURRENT));
                continue;
            }
            providers.computeIfAbsent(spi, k -> new ArrayList<>()).add(provider);
            infos.put(provider, new PluginInfo(spi.getSimpleName(), name, version, module, source, "ok"));
        }
    }

    private static String source(Module module, Path jar) {
        if (jar != null) {
            return jar.toString();
        }
        return module != null && module.isNamed() ? "module-path" : "class-path";
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private void checkConflicts() {
        for (var entry : providers.entrySet()) {
            Map<String, Provider> seen = new HashMap<>();
            for (Provider p : entry.getValue()) {
                Provider other = seen.putIfAbsent(p.name(), p);
                if (other != null) {
                    throw new RealizarException(ErrorCode.PLUGIN_CONFLICT, "two " + entry.getKey().getSimpleName()
                            + " providers are named '" + p.name() + "': " + infos.get(other).source() + " ("
                            + infos.get(other).module() + ") and " + infos.get(p).source() + " (" + infos.get(p).module()
                            + "); remove one of them");
                }
            }
        }
    }

    /** Every usable provider of {@code spi}, in discovery order. */
    public <T extends Provider> List<T> providers(Class<T> spi) {
        return providers.getOrDefault(spi, List.of()).stream().map(spi::cast).toList();
    }

    /** The usable provider of {@code spi} named {@code name}. */
    public <T extends Provider> Optional<T> find(Class<T> spi, String name) {
        return providers(spi).stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Like {@link #find}, but an unknown name is an error that lists the known ones. */
    public <T extends Provider> T require(Class<T> spi, String name) {
        return find(spi, name).orElseThrow(() -> new RealizarException(ErrorCode.NOT_FOUND,
                "no " + spi.getSimpleName() + " named '" + name + "'; available: " + names(spi)));
    }

    public List<String> names(Class<? extends Provider> spi) {
        return providers(spi).stream().map(Provider::name).toList();
    }

    /** Everything discovered, usable or not, for {@code realizar plugins}. */
    public List<PluginInfo> all() {
        List<PluginInfo> all = new ArrayList<>(infos.values());
        all.addAll(failures);
        return all;
    }
}
