package realizar.templates.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import realizar.api.chat.ToolCallParser;
import realizar.api.chat.ToolEvent;

/**
 * The streaming property: whatever the chunk boundaries, a parser reports the same events (adjacent text and argument
 * pieces merged). Each output is split at every position, fed one character at a time, and split at random into many
 * pieces (fixed seed), and compared with feeding it whole, which must find the calls and errors the output holds.
 */
final class ToolParserSplitTest {
    private static final String HERMES = "Let me look.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": "
            + "{\"city\": \"Zürich\", \"days\": 3, \"opts\": [true, null, 1.5e3]}}\n</tool_call>\n<tool_call>{\"arguments\""
            + ": {\"q\": \"</tool_call>?\"}, \"name\": \"search\"}</tool_call> a < b <tool_ <tool_call>{\"name\": bad}"
            + "</tool_call>tail <tool_call>{\"name\": \"cut\", \"arguments\": {\"x\":";

    static Stream<Arguments> outputs() {
        return Stream.of(
                Arguments.of("hermes", (Supplier<ToolCallParser>) () -> new HermesToolFormat(ParserRuns::id).newParser(),
                        HERMES, 2, 2),
                Arguments.of("anthropic", (Supplier<ToolCallParser>) () -> new AnthropicToolFormat(ParserRuns::id)
                        .newParser(), "I'll use a tool.<tool_use>{\"name\": \"f\", \"input\": {\"a\": \"\\u00e9\\\"\"}}"
                        + "</tool_use><tool_use>{\"id\": \"x1\", \"name\": \"g\"}</tool_use> <tool_use>oops</tool_use>.", 2, 1),
                Arguments.of("openai", (Supplier<ToolCallParser>) () -> new OpenAiToolFormat(ParserRuns::id).newParser(),
                        "\n [{\"name\": \"f\", \"arguments\": \"{\\\"a\\\": \\\"\\\\u00e9\\\"}\"}, {\"name\": \"g\", "
                                + "\"arguments\": {\"n\": -12}}] and then some text {\"x\": 1}", 2, 0),
                Arguments.of("openai-text", (Supplier<ToolCallParser>) () -> new OpenAiToolFormat(ParserRuns::id)
                        .newParser(), "  Just words, {\"name\": \"f\"} inside.", 0, 0),
                Arguments.of("llama3", (Supplier<ToolCallParser>) () -> new Llama3ToolFormat(ParserRuns::id).newParser(),
                        "Checking <|python_tag|>{\"name\": \"f\", \"parameters\": {\"v\": 10}};\n{\"name\": \"g\", "
                                + "\"parameters\": {}} done <|python_tag|>{\"parameters\": {}} <|python_tag|>x.call()", 2, 2),
                Arguments.of("llama3-bare", (Supplier<ToolCallParser>) () -> new Llama3ToolFormat(ParserRuns::id)
                        .newParser(), "{\"name\": \"f\", \"parameters\": {\"s\": \"{}}\"}}", 1, 0),
                Arguments.of("mistral", (Supplier<ToolCallParser>) () -> new MistralToolFormat(ParserRuns::id).newParser(),
                        "Hi [TOOL_CALLS][{\"name\": \"f\", \"arguments\": {\"a\": [1, {\"b\": 2}]}, \"id\": \"abcdefghi\"},"
                                + " {\"name\": \"g\", \"arguments\": {}}] then [TOOL_CALLS]get_weather[CALL_ID]123456789"
                                + "[ARGS]{\"city\": \"Paris\"} and [TOOL_CALLS]h[ARGS]{} [TOOL_CALLS]!oops [TOOL_CA", 4, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputs")
    void sameEventsWhateverTheChunks(String format, Supplier<ToolCallParser> parsers, String output, int calls,
                                     int errors) {
        List<ToolEvent> whole = ParserRuns.run(parsers.get(), List.of(output));
        assertEquals(calls, whole.stream().filter(e -> e instanceof ToolEvent.CallEnd).count(), format + ": " + whole);
        assertEquals(errors, whole.stream().filter(e -> e instanceof ToolEvent.Error).count(), format + ": " + whole);
        for (int at = 0; at <= output.length(); at++) {
            List<String> chunks = List.of(output.substring(0, at), output.substring(at));
            assertEquals(whole, ParserRuns.run(parsers.get(), chunks), format + " split at " + at);
        }
        List<String> chars = output.chars().mapToObj(c -> String.valueOf((char) c)).toList();
        assertEquals(whole, ParserRuns.run(parsers.get(), chars), format + " one character at a time");
        Random random = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            List<String> chunks = randomChunks(output, random);
            assertEquals(whole, ParserRuns.run(parsers.get(), chunks), format + " chunks " + chunks);
        }
    }

    private static List<String> randomChunks(String s, Random random) {
        List<String> chunks = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            int n = random.nextInt(Math.min(8, s.length() - i)) + 1;
            chunks.add(s.substring(i, i + n));
            i += n;
            if (random.nextInt(10) == 0) {
                chunks.add("");
            }
        }
        return chunks;
    }
}
