package realizar.format.safetensors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/**
 * Typed access to one JSON object of a model folder ({@code config.json}, {@code tokenizer_config.json}); a wrong
 * type is an error naming the file and the key.
 */
record JsonObject(String source, Map<String, Object> map) {
    /** The object in {@code file}, or empty when the file does not exist. */
    static Optional<JsonObject> readIfPresent(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(read(file));
    }

    static JsonObject read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new RealizarException(ErrorCode.NOT_FOUND, "file not found: " + file);
        } catch (IOException e) {
            throw new RealizarException(ErrorCode.IO_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
        }
        return of(Json.parse(text, file.getFileName().toString()), file.getFileName().toString());
    }

    @SuppressWarnings("unchecked")
    static JsonObject of(Object value, String source) {
        if (!(value instanceof Map<?, ?>)) {
            throw new RealizarException(ErrorCode.MALFORMED_MODEL, source + " is not a JSON object");
        }
        return new JsonObject(source, (Map<String, Object>) value);
    }

    boolean has(String key) {
        Object v = map.get(key);
        return v != null && v != Json.NULL;
    }

    Object raw(String key) {
        Object v = map.get(key);
        return v == Json.NULL ? null : v;
    }

    Optional<String> string(String key) {
        Object v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw wrongType(key, "a string", v);
        }
        return Optional.of(s);
    }

    Optional<Long> integer(String key) {
        Object v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Long l) {
            return Optional.of(l);
        }
        if (v instanceof Double d && d == Math.rint(d)) {
            return Optional.of(d.longValue());
        }
        throw wrongType(key, "an integer", v);
    }

    long integer(String key, long fallback) {
        return integer(key).orElse(fallback);
    }

    long requireInteger(String key) {
        return integer(key).orElseThrow(() -> missing(key));
    }

    Optional<Double> number(String key) {
        Object v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Number n)) {
            throw wrongType(key, "a number", v);
        }
        return Optional.of(n.doubleValue());
    }

    double number(String key, double fallback) {
        return number(key).orElse(fallback);
    }

    Optional<Boolean> bool(String key) {
        Object v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Boolean b)) {
            throw wrongType(key, "true or false", v);
        }
        return Optional.of(b);
    }

    Optional<JsonObject> object(String key) {
        Object v = raw(key);
        return v == null ? Optional.empty() : Optional.of(of(v, source + " '" + key + "'"));
    }

    @SuppressWarnings("unchecked")
    Optional<List<Object>> list(String key) {
        Object v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof List<?>)) {
            throw wrongType(key, "an array", v);
        }
        return Optional.of((List<Object>) v);
    }

    RealizarException missing(String key) {
        return new RealizarException(ErrorCode.MALFORMED_MODEL, source + ": key '" + key + "' is missing");
    }

    private RealizarException wrongType(String key, String expected, Object v) {
        String shown = String.valueOf(v);
        return new RealizarException(ErrorCode.MALFORMED_MODEL, source + ": key '" + key + "' should be " + expected
                + " but is " + (shown.length() > 60 ? shown.substring(0, 60) + "..." : shown));
    }
}
