package realizar.runtime.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import realizar.api.RealizarException;
import realizar.api.chat.ChatMessage;
import realizar.api.chat.ChatTemplate;
import realizar.api.chat.TemplateSource;
import realizar.api.chat.ToolCall;
import realizar.api.chat.ToolFormat;
import realizar.api.chat.ToolSpec;
import realizar.runtime.grammar.Grammar;
import realizar.runtime.plugin.PluginRegistry;

/**
 * The agent loop over a scripted model (a hand-written fake {@link ChatTurn}) with the real ChatML template and Hermes
 * tool format: calls are parsed and dispatched, results and errors go back to the model, the iteration limit holds,
 * and tool_choice shapes what the model is offered.
 */
final class AgentExecutorTest {
    private static final PluginRegistry PLUGINS = PluginRegistry.discover(null);
    private static final ChatTemplate CHATML = PLUGINS.require(ChatTemplate.class, "chatml");
    private static final ToolFormat HERMES = PLUGINS.require(ToolFormat.class, "hermes");
    private static final TemplateSource SOURCE = new TemplateSource(null, "qwen2", "Qwen2.5-7B-Instruct");
    private static final ToolSpec WEATHER = new ToolSpec("get_weather", "Weather for a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
    private static final ToolSpec TIME = new ToolSpec("get_time", "The time", "{\"type\":\"object\",\"properties\":{}}");

    /** Replays canned replies in pieces (to exercise the streaming parser) and records the prompts it saw. */
    static final class ScriptedModel implements ChatTurn {
        final Deque<String> replies;
        final List<String> prompts = new ArrayList<>();
        final List<Grammar> grammars = new ArrayList<>();

        ScriptedModel(String... replies) {
            this.replies = new ArrayDeque<>(List.of(replies));
        }

        @Override
        public String generate(String prompt, List<String> stops, Grammar constraint, Consumer<String> deltas) {
            prompts.add(prompt);
            grammars.add(constraint);
            String reply = replies.isEmpty() ? "I am stuck." : replies.poll();
            for (int i = 0; i < reply.length(); i += 3) {
                deltas.accept(reply.substring(i, Math.min(reply.length(), i + 3)));
            }
            return reply;
        }
    }

    private static AgentExecutor.Config config(ToolChoice choice, int maxIterations) {
        return new AgentExecutor.Config(CHATML, SOURCE, HERMES, List.of(WEATHER, TIME), choice, maxIterations, "", "<|im_end|>", Map.of());
    }

    @Test
    void callsAToolFeedsTheResultBackAndAnswers() {
        ScriptedModel model = new ScriptedModel(
                "Let me check.<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Lisbon\"}}\n</tool_call>",
                "It is sunny in Lisbon.");
        DispatchingToolHandler tools = new DispatchingToolHandler()
                .register("get_weather", call -> "{\"city\":\"Lisbon\",\"sky\":\"sunny\"}");
        List<String> events = new ArrayList<>();
        AgentListener listener = new AgentListener() {
            @Override
            public void onText(String delta) {
                events.add("text:" + delta);
            }

            @Override
            public void onToolCall(ToolCall call) {
                events.add("call:" + call.name() + " " + call.argumentsJson());
            }

            @Override
            public void onToolResult(ToolCall call, String result, boolean error) {
                events.add("result:" + error + " " + result);
            }
        };
        AgentResult result = new AgentExecutor(model, tools, config(ToolChoice.auto(), 5))
                .run(List.of(ChatMessage.user("Weather in Lisbon?")), listener);

        assertEquals(AgentResult.Reason.ANSWERED, result.reason());
        assertEquals("It is sunny in Lisbon.", result.finalText());
        assertEquals(2, result.iterations());
        assertEquals(List.of("user", "assistant", "tool", "assistant"), result.messages().stream().map(ChatMessage::role).toList());
        ToolCall call = result.messages().get(1).toolCalls().get(0);
        assertEquals("get_weather", call.name());
        assertEquals("{\"city\": \"Lisbon\"}", call.argumentsJson());
        assertEquals(call.id(), result.messages().get(2).toolCallId());
        assertTrue(events.contains("call:get_weather {\"city\": \"Lisbon\"}"), events.toString());
        assertTrue(events.contains("result:false {\"city\":\"Lisbon\",\"sky\":\"sunny\"}"), events.toString());
        assertEquals("Let me check.", String.join("", events.stream().filter(e -> e.startsWith("text:"))
                .map(e -> e.substring(5)).toList()).replace("It is sunny in Lisbon.", ""));
        // The second prompt carried the tool result back to the model, in ChatML's tool-response form.
        assertTrue(model.prompts.get(1).contains("sunny"), model.prompts.get(1));
        assertTrue(model.prompts.get(0).contains("get_weather"), "tools were not described to the model");
    }

    @Test
    void toolErrorsAndUnknownToolsGoBackToTheModel() {
        ScriptedModel model = new ScriptedModel(
                "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Atlantis\"}}\n</tool_call>"
                        + "<tool_call>\n{\"name\": \"launch_rocket\", \"arguments\": {}}\n</tool_call>",
                "Sorry, I could not find that.");
        DispatchingToolHandler tools = new DispatchingToolHandler().register("get_weather", call -> {
            throw new IllegalArgumentException("no such city: Atlantis");
        });
        AgentResult result = new AgentExecutor(model, tools, config(ToolChoice.auto(), 5)).run(List.of(ChatMessage.user("?")));
        assertEquals(AgentResult.Reason.ANSWERED, result.reason());
        assertEquals(2, result.messages().get(1).toolCalls().size());
        assertTrue(result.messages().get(2).content().contains("no such city: Atlantis"), result.messages().get(2).content());
        assertTrue(result.messages().get(3).content().contains("launch_rocket"), result.messages().get(3).content());
        assertTrue(model.prompts.get(1).contains("no such city"), model.prompts.get(1));
    }

    @Test
    void stopsAtTheIterationLimit() {
        String call = "<tool_call>\n{\"name\": \"get_time\", \"arguments\": {}}\n</tool_call>";
        ScriptedModel model = new ScriptedModel(call, call, call, call, call);
        int[] calls = {0};
        DispatchingToolHandler tools = new DispatchingToolHandler().register("get_time", c -> "{\"t\":" + (++calls[0]) + "}");
        AgentResult result = new AgentExecutor(model, tools, config(ToolChoice.auto(), 3)).run(List.of(ChatMessage.user("time?")));
        assertEquals(AgentResult.Reason.MAX_ITERATIONS, result.reason());
        assertEquals(3, result.iterations());
        assertEquals(3, calls[0]);
        assertEquals(3, model.prompts.size());
    }

    @Test
    void toolChoiceShapesTheOffer() {
        ScriptedModel none = new ScriptedModel("Just text.");
        new AgentExecutor(none, new DispatchingToolHandler(), config(ToolChoice.none(), 2)).run(List.of(ChatMessage.user("hi")));
        assertTrue(!none.prompts.get(0).contains("get_weather"), "tool_choice none still described the tools");

        ScriptedModel named = new ScriptedModel("{\"name\": \"get_time\", \"arguments\": {}}", "Done.");
        AgentResult r = new AgentExecutor(named, new DispatchingToolHandler().register("get_time", c -> "{}"),
                config(ToolChoice.named("get_time"), 4)).run(List.of(ChatMessage.user("hi")));
        assertTrue(named.grammars.get(0) != null, "a named tool choice must constrain the first reply");
        assertTrue(named.grammars.get(1) == null, "after the forced call the choice falls back to auto");
        assertEquals("get_time", r.messages().get(1).toolCalls().get(0).name());
        assertTrue(!named.prompts.get(0).contains("get_weather"), "a named choice offers only that tool");

        assertThrows(RealizarException.class, () -> config(ToolChoice.named("nope"), 1));
        assertThrows(RealizarException.class, () -> config(ToolChoice.auto(), 0));
    }
}
