package realizar.runtime.grammar;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

/**
 * Turns a JSON Schema into GBNF, after llama.cpp's {@code json-schema-to-grammar}: objects list their required
 * properties first, then any ordered subset of the optional ones; {@code additionalProperties} is false unless the
 * schema says otherwise; arrays honour {@code minItems}/{@code maxItems}; strings {@code minLength}/{@code maxLength}
 * and the formats date, time, date-time and uuid (other formats are plain strings); {@code enum}, {@code const},
 * {@code anyOf}/{@code oneOf}, {@code allOf} of objects, type lists and local {@code $ref}s ({@code #/$defs/...},
 * {@code #/definitions/...}, recursion allowed). Whitespace and number lengths are bounded (see {@link JsonPrimitives}).
 *
 * <p>Keywords that constrain values but are not enforced ({@code pattern}, {@code minimum}, ...) are reported in
 * {@link Conversion#unenforced()} so a caller can warn; the output may then violate them.
 */
public final class JsonSchemaConverter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> UNENFORCED = Set.of("pattern", "minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "multipleOf", "uniqueItems", "minProperties", "maxProperties", "patternProperties",
            "propertyNames", "not", "if", "then", "else", "contains", "dependentRequired", "dependentSchemas");

    /** The grammar text and the constraining keywords it could not enforce (as JSON pointers). */
    public record Conversion(String gbnf, List<String> unenforced) {
    }

    private final Map<String, String> rules = new LinkedHashMap<>();
    private final Map<String, String> refRules = new LinkedHashMap<>();
    private final List<String> unenforced = new ArrayList<>();
    private JsonNode document;
    private String refPrefix = "";

    JsonSchemaConverter() {
    }

    /** Converts schema text; root rule {@code root}. Throws INVALID_ARGUMENT for bad JSON or unusable schemas. */
    public static Conversion convert(String schemaJson) {
        JsonSchemaConverter c = new JsonSchemaConverter();
        String value = c.addSchema(parse(schemaJson), "root-value", "");
        return new Conversion(c.render(value), List.copyOf(c.unenforced));
    }

    /** Same as {@link #convert}, the GBNF text only. */
    public static String toGbnf(String schemaJson) {
        return convert(schemaJson).gbnf();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new RealizarException(ErrorCode.INVALID_ARGUMENT,
                    "JSON Schema is not valid JSON at line " + e.getLocation().getLineNr() + " column "
                            + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Adds the rules for one schema document (its {@code $ref}s resolve inside it) and returns its rule name. */
    String addSchema(JsonNode schema, String name, String refRulePrefix) {
        this.document = schema;
        this.refPrefix = refRulePrefix;
        this.refRules.clear();
        return visit(schema, name, "#");
    }

    /** GBNF text: {@code root ::= rootBody} followed by every rule added. */
    String render(String rootBody) {
        StringBuilder sb = new StringBuilder("root ::= ").append(rootBody).append('\n');
        rules.forEach((name, body) -> sb.append(name).append(" ::= ").append(body).append('\n'));
        return sb.toString();
    }

    String primitive(String name) {
        if (!rules.containsKey(name)) {
            rules.put(name, JsonPrimitives.RULES.get(name));
            for (String dep : JsonPrimitives.DEPENDENCIES.getOrDefault(name, new String[0])) {
                primitive(dep);
            }
        }
        return name;
    }

    /** Adds a rule, reusing an existing one with the same body, and returns its name. */
    String rule(String wanted, String body) {
        String name = wanted.replaceAll("[^a-zA-Z0-9-]+", "-");
        for (int i = 1; ; i++) {
            String candidate = i == 1 ? name : name + i;
            String existing = rules.get(candidate);
            if (existing == null && !JsonPrimitives.RULES.containsKey(candidate)) {
                rules.put(candidate, body);
                return candidate;
            }
            if (body.equals(existing)) {
                return candidate;
            }
        }
    }

    private String visit(JsonNode s, String name, String path) {
        if (s.isBoolean()) {
            if (!s.booleanValue()) {
                throw invalid(path, "schema 'false' allows no value");
            }
            return primitive("value");
        }
        if (!s.isObject()) {
            throw invalid(path, "a schema must be an object or a boolean");
        }
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (UNENFORCED.contains(key)) {
                unenforced.add(path + "/" + key);
            }
        }
        if (s.has("$ref")) {
            return ref(s.get("$ref").asText(), path);
        }
        if (s.has("const")) {
            return rule(name, jsonLiteral(s.get("const")) + " space", "space");
        }
        if (s.has("enum")) {
            List<String> options = new ArrayList<>();
            s.get("enum").forEach(v -> options.add(jsonLiteral(v)));
            if (options.isEmpty()) {
                throw invalid(path + "/enum", "enum lists no value");
            }
            return rule(name, "(" + String.join(" | ", options) + ") space", "space");
        }
        for (String key : List.of("anyOf", "oneOf")) {
            if (s.has(key)) {
                List<String> options = new ArrayList<>();
                JsonNode alts = s.get(key);
                for (int i = 0; i < alts.size(); i++) {
                    options.add(visit(alts.get(i), name + "-" + i, path + "/" + key + "/" + i));
                }
                if (options.isEmpty()) {
                    throw invalid(path + "/" + key, key + " lists no schema");
                }
                return rule(name, String.join(" | ", options));
            }
        }
        if (s.has("allOf")) {
            return new JsonObjectRules(this).allOf(s, name, path);
        }
        JsonNode type = s.get("type");
        if (type != null && type.isArray()) {
            List<String> options = new ArrayList<>();
            for (JsonNode t : type) {
                options.add(visit(((com.fasterxml.jackson.databind.node.ObjectNode) s.deepCopy()).put("type", t.asText()),
                        name + "-" + t.asText(), path));
            }
            return rule(name, String.join(" | ", options));
        }
        String t = type == null ? inferType(s) : type.asText();
        return switch (t) {
            case "object" -> new JsonObjectRules(this).object(s, name, path);
            case "array" -> array(s, name, path);
            case "string" -> string(s, name, path);
            case "number" -> primitive("number");
            case "integer" -> primitive("integer");
            case "boolean" -> primitive("boolean");
            case "null" -> primitive("null");
            case "any" -> primitive("value");
            default -> throw invalid(path + "/type", "unknown type '" + t + "'");
        };
    }

    private static String inferType(JsonNode s) {
        if (s.has("properties") || s.has("additionalProperties") || s.has("required")) {
            return "object";
        }
        if (s.has("items") || s.has("prefixItems") || s.has("minItems") || s.has("maxItems")) {
            return "array";
        }
        if (s.has("minLength") || s.has("maxLength") || s.has("format")) {
            return "string";
        }
        return "any";
    }

    String visitProperty(JsonNode s, String name, String path) {
        return visit(s, name, path);
    }

    private String ref(String ref, String path) {
        String done = refRules.get(ref);
        if (done != null) {
            return done;
        }
        String pointer;
        if (ref.startsWith("#/")) {
            pointer = ref.substring(1);
        } else if (ref.equals("#")) {
            pointer = "";
        } else {
            throw new RealizarException(ErrorCode.UNSUPPORTED_OPERATION,
                    "JSON Schema " + path + "/$ref: only local references (#/...) are supported, not '" + ref + "'");
        }
        JsonNode target = document.at(pointer);
        if (target.isMissingNode()) {
            throw invalid(path + "/$ref", "'" + ref + "' points at nothing");
        }
        String last = pointer.isEmpty() ? "root" : pointer.substring(pointer.lastIndexOf('/') + 1);
        String name = rule(refPrefix + "ref-" + last, "\"\\u0000\" # placeholder for " + ref);
        refRules.put(ref, name);
        String body = visit(target, name + "-body", "#" + pointer);
        rules.put(name, body);
        return name;
    }

    private String array(JsonNode s, String name, String path) {
        List<String> prefix = new ArrayList<>();
        JsonNode prefixItems = s.has("prefixItems") ? s.get("prefixItems") : s.path("items").isArray() ? s.get("items") : null;
        if (prefixItems != null) {
            for (int i = 0; i < prefixItems.size(); i++) {
                prefix.add(visit(prefixItems.get(i), name + "-" + i, path + "/prefixItems/" + i));
            }
            JsonNode rest = s.has("prefixItems") ? s.get("items") : s.get("additionalItems");
            String body = "\"[\" space " + String.join(" \",\" space ", prefix);
            if (rest != null && !(rest.isBoolean() && !rest.booleanValue())) {
                body += " (\",\" space " + visit(rest, name + "-rest", path + "/items") + ")*";
            }
            return rule(name, body + " \"]\" space", "space");
        }
        JsonNode items = s.get("items");
        String item = items == null ? primitive("value") : visit(items, name + "-item", path + "/items");
        int min = s.path("minItems").asInt(0);
        int max = s.has("maxItems") ? s.get("maxItems").asInt() : -1;
        if (max >= 0 && max < min) {
            throw invalid(path + "/maxItems", "maxItems " + max + " is below minItems " + min);
        }
        String body;
        if (max == 0) {
            body = "\"[\" space \"]\" space";
        } else {
            String more = "(\",\" space " + item + ")" + repeat(Math.max(min - 1, 0), max < 0 ? -1 : max - 1);
            String list = item + " " + more;
            body = "\"[\" space " + (min == 0 ? "(" + list + ")?" : list) + " \"]\" space";
        }
        return rule(name, body, "space");
    }

    private String string(JsonNode s, String name, String path) {
        String format = s.path("format").asText("");
        switch (format) {
            case "date" -> {
                return primitive("date-string");
            }
            case "time" -> {
                return primitive("time-string");
            }
            case "date-time" -> {
                return primitive("date-time-string");
            }
            case "uuid" -> {
                return primitive("uuid");
            }
            default -> {
                // Other formats (email, uri, ...) are annotations we do not enforce.
            }
        }
        int min = s.path("minLength").asInt(0);
        int max = s.has("maxLength") ? s.get("maxLength").asInt() : -1;
        if (min == 0 && max < 0) {
            return primitive("string");
        }
        if (max >= 0 && max < min) {
            throw invalid(path + "/maxLength", "maxLength " + max + " is below minLength " + min);
        }
        primitive("char");
        return rule(name, "\"\\\"\" char" + repeat(min, max) + " \"\\\"\" space", "space");
    }

    /** A GBNF repetition suffix for {@code min..max} ({@code max < 0}: unbounded). */
    static String repeat(int min, int max) {
        if (max < 0) {
            return min == 0 ? "*" : min == 1 ? "+" : "{" + min + ",}";
        }
        return min == max ? "{" + min + "}" : "{" + min + "," + max + "}";
    }

    /** Like {@link #rule(String, String)}, first making sure the named primitive rules exist. */
    String rule(String name, String body, String... primitives) {
        for (String p : primitives) {
            primitive(p);
        }
        return rule(name, body);
    }

    /** The GBNF literal of a JSON value's compact text. */
    static String jsonLiteral(JsonNode value) {
        try {
            return Gbnf.literal(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new RealizarException(ErrorCode.INTERNAL, "cannot write JSON value", e);
        }
    }

    static RealizarException invalid(String path, String message) {
        return new RealizarException(ErrorCode.INVALID_ARGUMENT, "JSON Schema " + path + ": " + message);
    }

    /** Collects the distinct property names of an object schema, in order. */
    static Set<String> propertyNames(JsonNode schema) {
        Set<String> names = new LinkedHashSet<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    JsonNode resolve(JsonNode s, String path) {
        if (s.has("$ref")) {
            String ref = s.get("$ref").asText();
            if (!ref.startsWith("#")) {
                throw new RealizarException(ErrorCode.UNSUPPORTED_OPERATION,
                        "JSON Schema " + path + "/$ref: only local references are supported");
            }
            JsonNode target = document.at(ref.substring(1));
            if (target.isMissingNode()) {
                throw invalid(path + "/$ref", "'" + ref + "' points at nothing");
            }
            return resolve(target, path);
        }
        return s;
    }
}
