package realizar.runtime.grammar;

import java.util.Map;

/**
 * GBNF rules for JSON values, as llama.cpp's json-schema-to-grammar defines them: compact JSON where whitespace is
 * bounded ({@code space} allows one space or up to two newlines and 20 indentation characters) and numbers have at
 * most 16 digits per part, so no sentence can grow without end through whitespace or digits.
 */
final class JsonPrimitives {
    static final String SPACE = "| \" \" | \"\\n\"{1,2} [ \\t]{0,20}";

    /** Rule name to body; bodies may reference the other names here. */
    static final Map<String, String> RULES = Map.ofEntries(
            Map.entry("space", SPACE),
            Map.entry("boolean", "(\"true\" | \"false\") space"),
            Map.entry("null", "\"null\" space"),
            Map.entry("decimal-part", "[0-9]{1,16}"),
            Map.entry("integral-part", "[0] | [1-9] [0-9]{0,15}"),
            Map.entry("number", "(\"-\"? integral-part) (\".\" decimal-part)? ([eE] [-+]? [0-9]{1,2})? space"),
            Map.entry("integer", "(\"-\"? integral-part) space"),
            Map.entry("char", "[^\"\\\\\\x7F\\x00-\\x1F] | [\\\\] ([\"\\\\/bfnrt] | \"u\" [0-9a-fA-F]{4})"),
            Map.entry("string", "\"\\\"\" char* \"\\\"\" space"),
            Map.entry("value", "object | array | string | number | boolean | null"),
            Map.entry("object", "\"{\" space ( string \":\" space value (\",\" space string \":\" space value)* )? \"}\" space"),
            Map.entry("array", "\"[\" space ( value (\",\" space value)* )? \"]\" space"),
            Map.entry("uuid", "\"\\\"\" [0-9a-fA-F]{8} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{12} \"\\\"\" space"),
            Map.entry("date", "[0-9]{4} \"-\" ( \"0\" [1-9] | \"1\" [0-2] ) \"-\" ( \"0\" [1-9] | [1-2] [0-9] | \"3\" [0-1] )"),
            Map.entry("time", "([01] [0-9] | \"2\" [0-3]) \":\" [0-5] [0-9] \":\" [0-5] [0-9] ( \".\" [0-9]{3} )? ( \"Z\" | [+-] ( [01] [0-9] | \"2\" [0-3] ) \":\" [0-5] [0-9] )"),
            Map.entry("date-string", "\"\\\"\" date \"\\\"\" space"),
            Map.entry("time-string", "\"\\\"\" time \"\\\"\" space"),
            Map.entry("date-time-string", "\"\\\"\" date \"T\" time \"\\\"\" space"));

    /** Which primitive rules each one needs besides itself. */
    static final Map<String, String[]> DEPENDENCIES = Map.ofEntries(
            Map.entry("boolean", new String[] {"space"}),
            Map.entry("null", new String[] {"space"}),
            Map.entry("number", new String[] {"integral-part", "decimal-part", "space"}),
            Map.entry("integer", new String[] {"integral-part", "space"}),
            Map.entry("string", new String[] {"char", "space"}),
            Map.entry("value", new String[] {"object", "array", "string", "number", "boolean", "null"}),
            Map.entry("object", new String[] {"string", "value", "space"}),
            Map.entry("array", new String[] {"value", "space"}),
            Map.entry("uuid", new String[] {"space"}),
            Map.entry("date-string", new String[] {"date", "space"}),
            Map.entry("time-string", new String[] {"time", "space"}),
            Map.entry("date-time-string", new String[] {"date", "time", "space"}));

    private JsonPrimitives() {
    }
}
