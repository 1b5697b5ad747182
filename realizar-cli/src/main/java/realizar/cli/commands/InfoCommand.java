package realizar.cli.commands;

import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import realizar.api.format.ModelFile;
import realizar.api.format.TensorInfo;
import realizar.runtime.Realizar;

/** {@code realizar info}: what a model file holds. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Show a model's format, architecture, metadata and every tensor (name, type, shape, bytes).",
                "Shapes are in ggml order (the row length first), as llama.cpp prints them."},
        footer = {"", "Example:", "  realizar info model.gguf --json"})
public final class InfoCommand implements Callable<Integer> {
    /** Arrays longer than this are summarised (length and first values) unless --full. */
    private static final int ARRAY_PREVIEW = 16;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file.")
    Path model;

    @Option(names = "--json", description = "Print {\"format\", \"architecture\", \"metadata\", \"tensors\"} as JSON.")
    boolean json;

    @Option(names = "--full", description = "Print long metadata arrays (vocabularies) in full.")
    boolean full;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() {
        try (Realizar realizar = Realizar.create(runtime.toOptions()); ModelFile file = realizar.open(model, runtime.format)) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            file.metadata().asMap().forEach((k, v) -> {
                // GGUF.value_types is the reader's bookkeeping of exact on-disk types (for rewriting), not model metadata.
                if (!k.equals("GGUF.value_types")) {
                    metadata.put(k, summarise(v));
                }
            });
            List<Map<String, Object>> tensors = new ArrayList<>();
            long total = 0;
            for (TensorInfo t : file.tensors()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", t.name());
                m.put("type", t.type().name());
                m.put("shape", t.dims());
                m.put("bytes", t.byteSize());
                tensors.add(m);
                total += t.byteSize();
            }
            String arch = file.metadata().findString("general.architecture").orElse(null);
            var out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("format", file.format());
                m.put("architecture", arch);
                m.put("metadata", metadata);
                m.put("tensors", tensors);
                Json.print(out, m);
                return 0;
            }
            out.printf("format:       %s%narchitecture: %s%ntensors:      %d (%,d bytes)%n%nmetadata:%n", file.format(), arch,
                    tensors.size(), total);
            metadata.forEach((k, v) -> out.printf("  %-44s %s%n", k, render(v)));
            out.printf("%ntensors:%n");
            for (TensorInfo t : file.tensors()) {
                out.printf("  %-36s %-6s %-24s %,12d%n", t.name(), t.type(), java.util.Arrays.toString(t.dims()), t.byteSize());
            }
        }
        return 0;
    }

    private Object summarise(Object v) {
        if (v == null || !(v.getClass().isArray() || v instanceof List<?>)) {
            return v;
        }
        int length = v instanceof List<?> l ? l.size() : Array.getLength(v);
        if (full || length <= ARRAY_PREVIEW) {
            return v;
        }
        List<Object> head = new ArrayList<>();
        for (int i = 0; i < ARRAY_PREVIEW; i++) {
            head.add(v instanceof List<?> l ? l.get(i) : Array.get(v, i));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("length", length);
        m.put("head", head);
        return m;
    }

    private static String render(Object v) {
        try {
            return Json.MAPPER.writeValueAsString(v);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(v);
        }
    }
}
