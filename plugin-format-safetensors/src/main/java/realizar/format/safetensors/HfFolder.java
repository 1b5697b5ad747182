package realizar.format.safetensors;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.format.Metadata;
import realizar.api.format.Tensor;

/**
 * Opens a Hugging Face model folder ({@code config.json} plus one or more {@code *.safetensors}) as the GGUF
 * convert_hf_to_gguf.py would make of it: GGUF metadata keys and tensor names, dims in ggml order, the file bytes
 * untouched (see {@link HfArchitecture}, {@link HfTokenizerConverter}).
 */
final class HfFolder {
    static final String INDEX_FILE = "model.safetensors.index.json";
    /** The longest input an embedding model was trained for (sentence-transformers' max_seq_length). */
    static final String MAX_SEQUENCE_KEY = "realizar.max_sequence_length";

    private HfFolder() {
    }

    /** Whether {@code dir} looks like a model folder: a config.json and safetensors weights. */
    static boolean isModelFolder(Path dir) {
        return Files.isRegularFile(dir.resolve("config.json")) && !weightFiles(dir, false).isEmpty();
    }

    static SafetensorsModelFile open(Path dir) {
        JsonObject config = JsonObject.read(dir.resolve("config.json"));
        HfArchitecture arch = HfArchitecture.of(config);
        List<Path> files = weightFiles(dir, true);
        Arena arena = Arena.ofShared();
        try {
            Map<String, Object> md = new LinkedHashMap<>();
            arch.addMetadata(config, md);
            md.put("general.name", dir.toAbsolutePath().normalize().getFileName().toString());
            md.put("general.source.format", "safetensors");
            Optional<JsonObject> tokenizerJson = JsonObject.readIfPresent(dir.resolve("tokenizer.json"));
            poolingAndLength(dir, arch, tokenizerJson, md);
            HfTokenizerConverter.addMetadata(dir, config, tokenizerJson, md);

            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Map<String, String> origin = new LinkedHashMap<>();
            List<String> skipped = new ArrayList<>();
            for (Path file : files) {
                SafetensorsFile shard = SafetensorsFile.map(file, arena);
                for (SafetensorsHeader.Entry e : shard.header().entries()) {
                    String name = arch.tensorName(e.name());
                    if (name == null) {
                        continue;
                    }
                    if (e.type() == null) {
                        skipped.add(e.name() + " (" + e.dtype() + ")");
                        continue;
                    }
                    String previous = origin.put(name, file.getFileName() + ": '" + e.name() + "'");
                    if (previous != null) {
                        throw new RealizarException(ErrorCode.MALFORMED_MODEL, dir.getFileName() + ": tensor " + previous
                                + " and " + origin.get(name) + " both map to '" + name + "'");
                    }
                    tensors.put(name, arch.adapt(shard.tensor(e, name), arena));
                }
            }
            for (Tensor extra : arch.extraTensors(config, arena)) {
                tensors.putIfAbsent(extra.name(), extra);
            }
            if (!skipped.isEmpty()) {
                md.put(SafetensorsFile.SKIPPED_KEY, List.copyOf(skipped));
            }
            return new SafetensorsModelFile(dir, arena, new Metadata(md), tensors);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * The weight files: those the index names (in first-use order), else {@code model.safetensors}, else every
     * {@code *.safetensors} in name order.
     */
    static List<Path> weightFiles(Path dir, boolean required) {
        Path index = dir.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) {
            JsonObject json = JsonObject.read(index);
            JsonObject map = json.object("weight_map").orElseThrow(() -> json.missing("weight_map"));
            LinkedHashSet<Path> files = new LinkedHashSet<>();
            for (Map.Entry<String, Object> e : map.map().entrySet()) {
                if (!(e.getValue() instanceof String f) || f.contains("/") || f.contains("\\") || f.startsWith(".")) {
                    throw new RealizarException(ErrorCode.MALFORMED_MODEL, INDEX_FILE + ": tensor '" + e.getKey()
                            + "' names a bad file: " + e.getValue());
                }
                Path file = dir.resolve(f);
                if (required && !Files.isRegularFile(file)) {
                    throw new RealizarException(ErrorCode.NOT_FOUND, INDEX_FILE + ": shard '" + f + "' (of tensor '"
                            + e.getKey() + "') is missing from " + dir);
                }
                files.add(file);
            }
            return List.copyOf(files);
        }
        Path single = dir.resolve("model.safetensors");
        if (Files.isRegularFile(single)) {
            return List.of(single);
        }
        try (Stream<Path> list = Files.list(dir)) {
            List<Path> files = list.filter(p -> p.getFileName().toString().endsWith(".safetensors") && Files.isRegularFile(p))
                    .sorted().toList();
            if (files.isEmpty() && required) {
                throw new RealizarException(ErrorCode.NOT_FOUND, dir + " has a config.json but no *.safetensors weights");
            }
            return files;
        } catch (IOException e) {
            throw new RealizarException(ErrorCode.IO_ERROR, "cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * sentence-transformers folders: the Pooling module's mode becomes {@code <arch>.pooling_type} (llama.cpp's
     * values: 1 mean, 2 CLS, 3 last), {@code max_seq_length} (else the tokenizer's truncation length) the longest input.
     */
    private static void poolingAndLength(Path dir, HfArchitecture arch, Optional<JsonObject> tokenizerJson,
                                         Map<String, Object> md) {
        Optional<JsonObject> pooling = JsonObject.readIfPresent(dir.resolve("1_Pooling/config.json"));
        pooling.ifPresent(p -> {
            long type = p.bool("pooling_mode_mean_tokens").orElse(false) ? 1
                    : p.bool("pooling_mode_cls_token").orElse(false) ? 2
                    : p.bool("pooling_mode_lasttoken").orElse(false) ? 3 : 0;
            if (type > 0) {
                md.put(arch.ggufName() + ".pooling_type", type);
            }
        });
        Optional<Long> maxLength = JsonObject.readIfPresent(dir.resolve("sentence_bert_config.json"))
                .flatMap(c -> c.integer("max_seq_length"));
        if (maxLength.isEmpty() && tokenizerJson.isPresent()) {
            maxLength = tokenizerJson.get().object("truncation").flatMap(t -> t.integer("max_length"));
        }
        maxLength.ifPresent(n -> md.put(MAX_SEQUENCE_KEY, n));
    }
}
