package realizar.runtime.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;

final class JsonSchemaConverterTest {
    @Test
    void everyCaseCompilesToAGrammarThatParsesBack() {
        for (String schema : JsonSchemaCases.SCHEMAS) {
            String gbnf = JsonSchemaConverter.toGbnf(schema);
            assertTrue(gbnf.startsWith("root ::= "), gbnf);
            Grammar.parse(gbnf);
        }
    }

    @Test
    void requiredOptionalAndNoAdditionalPropertiesByDefault() {
        Grammar g = Grammar.fromJsonSchema("""
                {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "string"}, "c": {"type": "boolean"}},
                 "required": ["a"]}""");
        assertTrue(g.matches("{\"a\":1}"));
        assertTrue(g.matches("{ \"a\": -12, \"c\": true }"));
        assertTrue(g.matches("{\"a\":0,\"b\":\"x\",\"c\":false}"));
        assertFalse(g.matches("{\"b\":\"x\"}"), "a is required");
        assertFalse(g.matches("{\"a\":1,\"d\":2}"), "no additional properties by default");
        assertFalse(g.matches("{\"a\":1.5}"), "integer");
        assertFalse(g.matches("{\"a\":01}"), "no leading zero");
        assertFalse(g.matches("{\"a\":1,\"a\":1}"), "no repeated property");
    }

    @Test
    void additionalPropertiesMayNotRepeatDeclaredNames() {
        Grammar g = Grammar.fromJsonSchema("""
                {"type": "object", "properties": {"id": {"type": "integer"}}, "additionalProperties": {"type": "string"}}""");
        assertTrue(g.matches("{\"id\":1,\"i\":\"x\",\"idx\":\"y\",\"\":\"z\"}"));
        assertTrue(g.matches("{\"other\":\"x\"}"));
        assertFalse(g.matches("{\"id\":1,\"id\":\"x\"}"));
        assertFalse(g.matches("{\"other\":1}"));
    }

    @Test
    void whitespaceIsBounded() {
        Grammar g = Grammar.fromJsonSchema("{\"type\": \"array\", \"items\": {\"type\": \"null\"}}");
        assertTrue(g.matches("[\n  null,\n  null\n]"));
        assertTrue(g.matches("[null" + " ".repeat(1) + "]"));
        assertFalse(g.matches("[null" + " ".repeat(2) + "]"), "one space at most");
        assertFalse(g.matches("[\n" + " ".repeat(21) + "null]"), "at most 20 indentation characters");
        assertFalse(g.matches("[\n\n\nnull]"), "at most two newlines");
    }

    @Test
    void stringsArraysEnumsConstAndRefs() {
        Grammar g = Grammar.fromJsonSchema("""
                {"$defs": {"code": {"type": "string", "minLength": 2, "maxLength": 3}},
                 "type": "object",
                 "properties": {"codes": {"type": "array", "items": {"$ref": "#/$defs/code"}, "minItems": 1, "maxItems": 2},
                                "mode": {"enum": ["on", "off", 0]}, "v": {"const": {"x": [1, "é"]}}},
                 "required": ["codes", "mode", "v"]}""");
        assertTrue(g.matches("{\"codes\":[\"ab\"],\"mode\":\"on\",\"v\":{\"x\":[1,\"é\"]}}"));
        assertTrue(g.matches("{\"codes\":[\"ab\",\"\\u00e9\\n\"],\"mode\":0,\"v\":{\"x\":[1,\"é\"]}}"));
        assertFalse(g.matches("{\"codes\":[],\"mode\":\"on\",\"v\":{\"x\":[1,\"é\"]}}"), "minItems");
        assertFalse(g.matches("{\"codes\":[\"ab\",\"ab\",\"ab\"],\"mode\":\"on\",\"v\":{\"x\":[1,\"é\"]}}"), "maxItems");
        assertFalse(g.matches("{\"codes\":[\"abcd\"],\"mode\":\"on\",\"v\":{\"x\":[1,\"é\"]}}"), "maxLength");
        assertFalse(g.matches("{\"codes\":[\"ab\"],\"mode\":\"auto\",\"v\":{\"x\":[1,\"é\"]}}"), "enum");
        assertFalse(g.matches("{\"codes\":[\"ab\"],\"mode\":\"on\",\"v\":{\"x\":[2,\"é\"]}}"), "const");
    }

    @Test
    void recursiveRefsAnyOfAndTypeLists() {
        Grammar g = Grammar.fromJsonSchema("""
                {"$ref": "#/definitions/tree",
                 "definitions": {"tree": {"type": "object", "properties": {
                    "leaf": {"type": ["integer", "null"]},
                    "kids": {"type": "array", "items": {"$ref": "#/definitions/tree"}},
                    "tag": {"anyOf": [{"type": "boolean"}, {"type": "string", "format": "date"}]}}}}}""");
        assertTrue(g.matches("{\"leaf\":null,\"kids\":[{\"kids\":[{\"leaf\":3}]},{}],\"tag\":\"2024-02-29\"}"));
        assertFalse(g.matches("{\"kids\":[{\"leaf\":\"x\"}]}"));
        assertFalse(g.matches("{\"tag\":\"2024-13-01\"}"), "month 13");
    }

    @Test
    void unenforcedKeywordsAreReported() {
        JsonSchemaConverter.Conversion c = JsonSchemaConverter.convert("""
                {"type": "object", "properties": {"age": {"type": "integer", "minimum": 0},
                 "name": {"type": "string", "pattern": "^[a-z]+$"}}}""");
        assertEquals(List.of("#/properties/age/minimum", "#/properties/name/pattern"), c.unenforced());
    }

    @Test
    void badSchemasAreUserErrorsThatSayWhere() {
        assertError("{\"type\": \"object\",", ErrorCode.INVALID_ARGUMENT, "line 1 column");
        assertError("{\"$ref\": \"#/$defs/missing\"}", ErrorCode.INVALID_ARGUMENT, "#/$defs/missing");
        assertError("{\"$ref\": \"https://example.com/s.json\"}", ErrorCode.UNSUPPORTED_OPERATION, "only local references");
        assertError("{\"type\": \"array\", \"minItems\": 3, \"maxItems\": 1}", ErrorCode.INVALID_ARGUMENT, "#/maxItems");
        assertError("{\"properties\": {\"x\": {\"type\": \"decimal\"}}}", ErrorCode.INVALID_ARGUMENT, "#/properties/x/type");
    }

    private static void assertError(String schema, ErrorCode code, String where) {
        RealizarException e = assertThrows(RealizarException.class, () -> Grammar.fromJsonSchema(schema));
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(where), e.getMessage());
    }
}
