package realizar.cli.commands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import realizar.runtime.Realizar;
import realizar.runtime.plugin.PluginInfo;

/** {@code realizar plugins}: what was discovered, and what was skipped and why. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = {"List the discovered plugins: SPI, name, version, module, where it came from, and its status.",
                "Jars in the installation's plugins/ folder (or --plugins DIR) each load into their own module layer;",
                "a broken one is listed with the reason and skipped."})
public final class PluginsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print {\"plugins\":[{\"spi\",\"name\",\"version\",\"module\",\"source\",\"status\"}…]}.")
    boolean json;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() {
        try (Realizar realizar = Realizar.create(runtime.toOptions())) {
            List<PluginInfo> all = realizar.plugins().all();
            var out = spec.commandLine().getOut();
            if (json) {
                List<Map<String, Object>> list = new ArrayList<>();
                for (PluginInfo p : all) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("spi", p.spi());
                    m.put("name", p.name());
                    m.put("version", p.version());
                    m.put("module", p.module());
                    m.put("source", p.source());
                    m.put("status", p.status());
                    list.add(m);
                }
                Json.print(out, Map.of("plugins", list));
                return 0;
            }
            out.printf("%-14s %-14s %-16s %-28s %-12s %s%n", "SPI", "NAME", "VERSION", "MODULE", "SOURCE", "STATUS");
            for (PluginInfo p : all) {
                out.printf("%-14s %-14s %-16s %-28s %-12s %s%n", p.spi(), p.name(), p.version(), p.module(), p.source(), p.status());
            }
        }
        return 0;
    }
}
