package realizar.runtime.grammar;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import realizar.api.RealizarException;
import realizar.api.chat.ToolSpec;

final class ToolCallGrammarTest {
    private static final ToolSpec WEATHER = new ToolSpec("get_weather", "Weather for a city", """
            {"type": "object", "properties": {"city": {"type": "string"}, "unit": {"enum": ["c", "f"]}},
             "required": ["city"]}""");
    private static final ToolSpec ADD = new ToolSpec("add", "Adds", """
            {"$defs": {"n": {"type": "integer"}}, "type": "object",
             "properties": {"a": {"$ref": "#/$defs/n"}, "b": {"$ref": "#/$defs/n"}}, "required": ["a", "b"]}""");

    @Test
    void singleCallToAnyOfTheTools() {
        Grammar g = ToolCallGrammar.singleCall(List.of(WEATHER, ADD));
        assertTrue(g.matches("{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}"));
        assertTrue(g.matches("{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":-2}}"));
        assertFalse(g.matches("{\"name\":\"add\",\"arguments\":{\"city\":\"Paris\"}}"), "arguments of the other tool");
        assertFalse(g.matches("{\"name\":\"mul\",\"arguments\":{\"a\":1,\"b\":2}}"), "unknown tool");
        assertFalse(g.matches("[{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":2}}]"), "a list is the other grammar");
    }

    @Test
    void namedToolChoiceAllowsOnlyThatTool() {
        Grammar g = ToolCallGrammar.singleCall(List.of(ADD));
        assertTrue(g.matches("{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":2}}"));
        assertFalse(g.matches("{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}"));
    }

    @Test
    void listOfCalls() {
        Grammar g = ToolCallGrammar.callList(List.of(WEATHER, ADD));
        assertTrue(g.matches("[{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":2}}, "
                + "{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Oslo\",\"unit\":\"c\"}}]"));
        assertFalse(g.matches("[]"), "at least one call");
    }

    @Test
    void toolErrorsNameTheTool() {
        ToolSpec broken = new ToolSpec("broken", "", "{\"$ref\": \"#/nowhere\"}");
        RealizarException e = assertThrows(RealizarException.class, () -> ToolCallGrammar.singleCall(List.of(broken)));
        assertTrue(e.getMessage().contains("tool 'broken'"), e.getMessage());
    }
}
