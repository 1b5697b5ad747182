package realizar.templates.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import realizar.api.chat.ToolEvent;
import realizar.api.chat.ToolEvent.ArgumentsDelta;
import realizar.api.chat.ToolEvent.CallEnd;
import realizar.api.chat.ToolEvent.CallStart;
import realizar.api.chat.ToolEvent.Text;
import realizar.api.chat.ToolFormat;
import realizar.api.chat.ToolSpec;

/** What each format reads from typical model outputs, as whole strings (splits are {@link ToolParserSplitTest}'s). */
final class ToolFormatTest {
    private static final ToolFormat HERMES = new HermesToolFormat(ParserRuns::id);
    private static final ToolFormat ANTHROPIC = new AnthropicToolFormat(ParserRuns::id);
    private static final ToolFormat OPENAI = new OpenAiToolFormat(ParserRuns::id);
    private static final ToolFormat LLAMA3 = new Llama3ToolFormat(ParserRuns::id);
    private static final ToolFormat MISTRAL = new MistralToolFormat(ParserRuns::id);

    private static List<ToolEvent> parse(ToolFormat format, String output) {
        return ParserRuns.run(format.newParser(), List.of(output));
    }

    @Test
    void hermesTextAroundTwoCalls() {
        String out = "Let me check.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n"
                + "</tool_call>\n<tool_call>\n{\"name\": \"get_time\", \"arguments\": {}}\n</tool_call>Done.";
        assertEquals(List.of(new Text("Let me check.\n"), new CallStart(0, "call0", "get_weather"),
                new ArgumentsDelta(0, "{\"city\": \"Paris\"}"), new CallEnd(0), new Text("\n"),
                new CallStart(1, "call1", "get_time"), new ArgumentsDelta(1, "{}"), new CallEnd(1), new Text("Done.")),
                parse(HERMES, out));
    }

    @Test
    void hermesMalformedCallIsAnErrorAndTextGoesOn() {
        List<ToolEvent> events = parse(HERMES, "a<tool_call>{\"name\": oops}</tool_call>b");
        assertEquals(new Text("a"), events.get(0));
        ToolEvent.Error error = assertInstanceOf(ToolEvent.Error.class, events.get(1));
        assertEquals("<tool_call>{\"name\": oops}</tool_call>", error.raw());
        assertEquals(new Text("b"), events.get(2));
        assertEquals(3, events.size());
    }

    @Test
    void hermesCallWithoutNameOrWithBadArgumentsIsAnError() {
        assertInstanceOf(ToolEvent.Error.class, parse(HERMES, "<tool_call>{\"arguments\": {}}</tool_call>").getFirst());
        List<ToolEvent> events = parse(HERMES, "<tool_call>{\"name\": \"f\", \"arguments\": [1]}</tool_call>");
        assertEquals(new CallStart(0, "call0", "f"), events.get(0));
        assertInstanceOf(ToolEvent.Error.class, events.getLast());
    }

    @Test
    void hermesUnclosedAtTheEndIsForgivenButACutCallIsNot() {
        assertEquals(List.of(new CallStart(0, "call0", "f"), new ArgumentsDelta(0, "{}"), new CallEnd(0)),
                parse(HERMES, "<tool_call>{\"name\": \"f\", \"arguments\": {}}"));
        List<ToolEvent> cut = parse(HERMES, "<tool_call>{\"name\": \"f\", \"argu");
        assertInstanceOf(ToolEvent.Error.class, cut.getLast());
    }

    @Test
    void textThatOnlyLooksLikeATagStart() {
        assertEquals(List.of(new Text("a < b and <tool_ is not a tag <tool_call")),
                parse(HERMES, "a < b and <tool_ is not a tag <tool_call"));
    }

    @Test
    void argumentsBeforeNameAndModelIds() {
        assertEquals(List.of(new CallStart(0, "abc", "f"), new ArgumentsDelta(0, "{\"x\": [1, 2]}"), new CallEnd(0)),
                parse(ANTHROPIC, "<tool_use>{\"id\": \"abc\", \"input\": {\"x\": [1, 2]}, \"name\": \"f\"}</tool_use>"));
    }

    @Test
    void openAiArgumentsAsAJsonStringAreDecoded() {
        assertEquals(List.of(new CallStart(0, "call0", "f"), new ArgumentsDelta(0, "{\"q\": \"a\\\"b\"}"), new CallEnd(0)),
                parse(OPENAI, " {\"name\": \"f\", \"arguments\": \"{\\\"q\\\": \\\"a\\\\\\\"b\\\"}\"}"));
    }

    @Test
    void openAiListAndPlainReplies() {
        assertEquals(List.of(new CallStart(0, "call0", "f"), new ArgumentsDelta(0, "{}"), new CallEnd(0),
                new CallStart(1, "call1", "g"), new ArgumentsDelta(1, "{\"a\": 1}"), new CallEnd(1)),
                parse(OPENAI, "[{\"name\": \"f\", \"arguments\": {}}, {\"name\": \"g\", \"arguments\": {\"a\": 1}}]"));
        assertEquals(List.of(new Text("The answer is {\"name\": 1}")), parse(OPENAI, "The answer is {\"name\": 1}"));
        assertEquals(List.of(new Text("{\"result\": 42} is JSON")), parse(OPENAI, "{\"result\": 42} is JSON"));
    }

    @Test
    void llama3BareJsonAndPythonTag() {
        assertEquals(List.of(new CallStart(0, "call0", "get_weather"), new ArgumentsDelta(0, "{\"city\": \"Oslo\"}"),
                new CallEnd(0)), parse(LLAMA3, "{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Oslo\"}}"));
        assertEquals(List.of(new Text("Sure. "), new CallStart(0, "call0", "f"), new ArgumentsDelta(0, "{}"),
                new CallEnd(0), new CallStart(1, "call1", "g"), new ArgumentsDelta(1, "{}"), new CallEnd(1)),
                parse(LLAMA3, "Sure. <|python_tag|>{\"name\": \"f\", \"parameters\": {}}; {\"name\": \"g\", \"parameters\": {}}"));
        assertInstanceOf(ToolEvent.Error.class, parse(LLAMA3, "<|python_tag|>brave_search.call(query=\"x\")").getLast());
    }

    @Test
    void mistralListAndSmallForms() {
        // The id comes after the name, when the call has already started with an id of ours.
        assertEquals(List.of(new CallStart(0, "call0", "f"), new ArgumentsDelta(0, "{\"a\": 1}"), new CallEnd(0),
                new CallStart(1, "call1", "g"), new ArgumentsDelta(1, "{}"), new CallEnd(1)),
                parse(MISTRAL, "[TOOL_CALLS][{\"name\": \"f\", \"arguments\": {\"a\": 1}, \"id\": \"abcdefghi\"}, "
                        + "{\"name\": \"g\", \"arguments\": {}}]</s>").subList(0, 6));
        assertEquals(List.of(new Text("ok "), new CallStart(0, "123456789", "get_weather"),
                new ArgumentsDelta(0, "{\"city\": \"Paris\"}"), new CallEnd(0), new CallStart(1, "call1", "f"),
                new ArgumentsDelta(1, "{}"), new CallEnd(1)),
                parse(MISTRAL, "ok [TOOL_CALLS]get_weather[CALL_ID]123456789[ARGS]{\"city\": \"Paris\"}[TOOL_CALLS]f[ARGS]{}"));
        List<ToolEvent> bad = parse(MISTRAL, "[TOOL_CALLS]?rest");
        assertInstanceOf(ToolEvent.Error.class, bad.getFirst());
        assertEquals(new Text("rest"), bad.get(1));
    }

    @Test
    void describeToolsNamesEveryTool() {
        List<ToolSpec> tools = List.of(new ToolSpec("get_weather", "Weather.", "{\"type\": \"object\"}"),
                new ToolSpec("get_time", "Time.", "{\"type\": \"object\"}"));
        for (ToolFormat format : List.of(HERMES, ANTHROPIC, OPENAI, LLAMA3, MISTRAL)) {
            String text = format.describeTools(tools);
            assertTrue(text.contains("\"name\": \"get_weather\"") && text.contains("\"name\": \"get_time\""),
                    format.name() + ": " + text);
        }
    }
}
