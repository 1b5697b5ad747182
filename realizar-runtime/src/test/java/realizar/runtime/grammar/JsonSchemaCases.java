package realizar.runtime.grammar;

import java.util.List;

/** Twenty JSON Schemas that together use every feature the converter supports. */
final class JsonSchemaCases {
    private JsonSchemaCases() {
    }

    static final List<String> SCHEMAS = List.of(
            """
            {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
             "required": ["name", "age"]}""",
            """
            {"type": "object", "properties": {"a": {"type": "boolean"}, "b": {"type": "null"}, "c": {"type": "number"}}}""",
            """
            {"type": "object", "properties": {"id": {"type": "integer"}, "tags": {"type": "array", "items": {"type": "string"}},
             "note": {"type": "string"}}, "required": ["tags"]}""",
            """
            {"type": "object", "properties": {"user": {"type": "object", "properties": {
               "first": {"type": "string", "maxLength": 12}, "last": {"type": "string", "minLength": 2, "maxLength": 5}},
               "required": ["first", "last"]}}, "required": ["user"]}""",
            """
            {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 4}""",
            """
            {"type": "object", "properties": {"color": {"enum": ["red", "green", "blue", 7, null, true]}},
             "required": ["color"]}""",
            """
            {"type": "object", "properties": {"kind": {"const": "point"}, "x": {"type": "number"}, "y": {"type": "number"}},
             "required": ["kind", "x", "y"]}""",
            """
            {"anyOf": [{"type": "string", "maxLength": 3}, {"type": "integer"}, {"type": "array", "items": {"type": "boolean"}, "maxItems": 2}]}""",
            """
            {"type": "object", "properties": {"shape": {"oneOf": [
               {"type": "object", "properties": {"circle": {"type": "number"}}, "required": ["circle"]},
               {"type": "object", "properties": {"square": {"type": "integer"}}, "required": ["square"]}]}},
             "required": ["shape"]}""",
            """
            {"$defs": {"address": {"type": "object", "properties": {"street": {"type": "string"}, "zip": {"type": "string", "minLength": 5, "maxLength": 5}},
               "required": ["street", "zip"]}},
             "type": "object", "properties": {"home": {"$ref": "#/$defs/address"}, "work": {"$ref": "#/$defs/address"}},
             "required": ["home"]}""",
            """
            {"definitions": {"node": {"type": "object", "properties": {"value": {"type": "integer"},
               "children": {"type": "array", "items": {"$ref": "#/definitions/node"}, "maxItems": 2}}, "required": ["value"]}},
             "$ref": "#/definitions/node"}""",
            """
            {"type": "object", "properties": {"when": {"type": "string", "format": "date-time"}, "day": {"type": "string", "format": "date"},
             "id": {"type": "string", "format": "uuid"}, "mail": {"type": "string", "format": "email"}}, "required": ["when", "day", "id", "mail"]}""",
            """
            {"type": "object", "properties": {"fixed": {"type": "integer"}}, "required": ["fixed"], "additionalProperties": true}""",
            """
            {"type": "object", "properties": {"known": {"type": "string"}}, "additionalProperties": {"type": "number"}}""",
            """
            {"type": "object", "properties": {"maybe": {"type": ["string", "null"]}, "count": {"type": ["integer", "boolean"]}},
             "required": ["maybe", "count"]}""",
            """
            {"allOf": [{"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]},
                       {"type": "object", "properties": {"b": {"type": "string", "maxLength": 4}}, "required": ["b"]}]}""",
            """
            {"type": "array", "prefixItems": [{"type": "string", "maxLength": 3}, {"type": "integer"}, {"type": "boolean"}]}""",
            """
            {}""",
            """
            {"type": "object", "properties": {"matrix": {"type": "array", "items": {"type": "array", "items": {"type": "number"},
               "minItems": 1, "maxItems": 3}, "maxItems": 3}, "label": {"type": "string"}}, "required": ["matrix", "label"]}""",
            """
            {"type": "object", "properties": {"p1": {"type": "string"}, "p2": {"type": "integer"}, "p3": {"type": "boolean"},
             "p4": {"type": "number"}, "p5": {"enum": ["x", "y"]}}, "required": ["p3"], "additionalProperties": false}""");
}
