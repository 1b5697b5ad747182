package realizar.runtime.grammar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The object part of {@link JsonSchemaConverter}: {@code "{" required ("," any ordered subset of optional)
 * ("," additional)* "}"}. Keys of additional properties may not spell a declared property, so a declared property
 * can never appear twice or with the wrong schema.
 */
final class JsonObjectRules {
    private final JsonSchemaConverter c;

    JsonObjectRules(JsonSchemaConverter converter) {
        this.c = converter;
    }

    String object(JsonNode s, String name, String path) {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        s.path("properties").properties().forEach(e -> properties.put(e.getKey(), e.getValue()));
        Set<String> required = new LinkedHashSet<>();
        s.path("required").forEach(r -> required.add(r.asText()));
        JsonNode additional = s.get("additionalProperties");
        if (properties.isEmpty() && additional == null && required.isEmpty()) {
            return c.primitive("object");
        }
        return build(properties, required, additional, name, path);
    }

    /** {@code allOf} whose parts are all object schemas: their properties and required lists merged. */
    String allOf(JsonNode s, String name, String path) {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        Set<String> required = new LinkedHashSet<>();
        JsonNode parts = s.get("allOf");
        for (int i = 0; i < parts.size(); i++) {
            JsonNode part = c.resolve(parts.get(i), path + "/allOf/" + i);
            if (part.has("type") && !"object".equals(part.get("type").asText())
                    || !part.has("type") && !part.has("properties") && !part.has("required")) {
                throw JsonSchemaConverter.invalid(path + "/allOf/" + i,
                        "allOf is supported only for object schemas");
            }
            part.path("properties").properties().forEach(e -> properties.put(e.getKey(), e.getValue()));
            part.path("required").forEach(r -> required.add(r.asText()));
        }
        s.path("properties").properties().forEach(e -> properties.put(e.getKey(), e.getValue()));
        s.path("required").forEach(r -> required.add(r.asText()));
        return build(properties, required, s.get("additionalProperties"), name, path);
    }

    private String build(Map<String, JsonNode> properties, Set<String> required, JsonNode additional, String name,
            String path) {
        for (String r : required) {
            if (!properties.containsKey(r)) {
                // A required name without a schema: any value, as the validator would accept.
                properties.put(r, com.fasterxml.jackson.databind.node.BooleanNode.TRUE);
            }
        }
        List<String> requiredKvs = new ArrayList<>();
        List<String> optionalKvs = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : properties.entrySet()) {
            String key = e.getKey();
            String value = c.visitProperty(e.getValue(), name + "-" + key, path + "/properties/" + key);
            String kv = c.rule(name + "-" + key + "-kv",
                    JsonSchemaConverter.jsonLiteral(TextNode.valueOf(key)) + " space \":\" space " + value, "space");
            (required.contains(key) ? requiredKvs : optionalKvs).add(kv);
        }
        String additionalKvs = null;
        boolean allowsAdditional = additional != null && !(additional.isBoolean() && !additional.booleanValue());
        if (allowsAdditional) {
            String value = c.visitProperty(additional, name + "-additional-value", path + "/additionalProperties");
            String key = properties.isEmpty() ? c.primitive("string") : keyExcluding(properties.keySet(), name);
            String kv = c.rule(name + "-additional-kv", key + " \":\" space " + value, "space");
            additionalKvs = c.rule(name + "-additional-kvs", kv + " (\",\" space " + kv + ")*", "space");
        }
        String tail = subsets(optionalKvs, 0, additionalKvs, name);
        StringBuilder body = new StringBuilder("\"{\" space ");
        if (!requiredKvs.isEmpty()) {
            body.append(String.join(" \",\" space ", requiredKvs));
            if (tail != null) {
                body.append(" (\",\" space ").append(tail).append(")?");
            }
        } else if (tail != null) {
            body.append("(").append(tail).append(")?");
        }
        return c.rule(name, body.append(" \"}\" space").toString(), "space");
    }

    /** A rule for a non-empty ordered subset of {@code optional[from..]}, then any additional pairs; null if none. */
    private String subsets(List<String> optional, int from, String additionalKvs, String name) {
        if (from == optional.size()) {
            return additionalKvs;
        }
        String rest = subsets(optional, from + 1, additionalKvs, name);
        String kv = optional.get(from);
        String body = rest == null ? kv : kv + " (\",\" space " + rest + ")? | " + rest;
        return c.rule(name + "-opt" + from, body, "space");
    }

    /**
     * A JSON string key that is none of {@code excluded}: a trie of the excluded names where, at each node, the key
     * may end (unless the node spells an excluded name), go on with a child's character, or leave the trie with any
     * other character (llama.cpp's {@code _not_strings}). Escaped characters always count as leaving the trie.
     */
    private String keyExcluding(Set<String> excluded, String name) {
        Trie trie = new Trie();
        for (String word : excluded) {
            Trie t = trie;
            for (int cp : word.codePoints().toArray()) {
                t = t.children.computeIfAbsent(cp, k -> new Trie());
            }
            t.end = true;
        }
        c.primitive("char");
        return c.rule(name + "-additional-key", "\"\\\"\" " + node(trie) + " \"\\\"\" space", "space");
    }

    private String node(Trie t) {
        List<String> options = new ArrayList<>();
        StringBuilder others = new StringBuilder("[^\"\\\\\\x7F\\x00-\\x1F");
        for (Map.Entry<Integer, Trie> e : t.children.entrySet()) {
            options.add("[" + Gbnf.escape(e.getKey()) + "] " + node(e.getValue()));
            others.append(Gbnf.escape(e.getKey()));
        }
        options.add("(" + others + "] | [\\\\] ([\"\\\\/bfnrt] | \"u\" [0-9a-fA-F]{4})) char*");
        if (!t.end) {
            options.add("");
        }
        return "(" + String.join(" | ", options) + ")";
    }

    private static final class Trie {
        final Map<Integer, Trie> children = new TreeMap<>();
        boolean end;
    }
}
