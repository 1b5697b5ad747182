package realizar.runtime.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import realizar.api.chat.ChatMessage;
import realizar.api.chat.ChatTemplate;
import realizar.api.chat.TemplateSource;
import realizar.api.chat.ToolCall;
import realizar.api.chat.ToolFormat;
import realizar.api.chat.ToolSpec;
import realizar.runtime.LoadedModel;
import realizar.runtime.ModelOptions;
import realizar.runtime.Realizar;
import realizar.runtime.RealizarOptions;
import realizar.runtime.chat.ChatTemplates;
import realizar.runtime.sampling.SamplingParams;
import realizar.runtime.testing.TestModels;

/**
 * The agent loop on a real model that knows nothing of tools (stories260K): with tool_choice "required" the grammar
 * still makes it call a tool with arguments valid for the tool's schema; the handler runs, and the loop goes on.
 */
final class AgentOnRealModelTest {
    @Test
    void requiredToolChoiceMakesEvenATinyStoryModelCallTheTool() throws Exception {
        ToolSpec add = new ToolSpec("add", "Adds two integers", """
                {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}}, "required": ["a", "b"]}""");
        List<ToolCall> seen = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        DispatchingToolHandler tools = new DispatchingToolHandler().register("add", call -> {
            seen.add(call);
            JsonNode args = json.readTree(call.argumentsJson());
            return "{\"sum\": " + (args.get("a").asLong() + args.get("b").asLong()) + "}";
        });
        try (Realizar realizar = Realizar.create(new RealizarOptions(null, null, 2));
             LoadedModel model = realizar.load(TestModels.stories260K(), ModelOptions.defaults())) {
            TemplateSource source = ChatTemplates.sourceOf(model.file().metadata());
            ChatTemplate template = ChatTemplates.select(realizar.plugins(), source, "chatml");
            ToolFormat format = ChatTemplates.toolFormatFor(realizar.plugins(), template, source, null);
            assertEquals("hermes", format.name());
            var config = new AgentExecutor.Config(template, source, format, List.of(add), ToolChoice.required(), 3, "<s>", "</s>", Map.of());
            var turn = new ModelChatTurn(model, new SamplingParams(0.9f, 40, 0.95f, 0.05f, 1f, 64, 0f, 0f, 11, null), 64);
            AgentResult result = new AgentExecutor(turn, tools, config).run(List.of(ChatMessage.user("What is 2 + 3?")));

            assertTrue(!seen.isEmpty(), "the tool was never called");
            JsonNode args = json.readTree(seen.get(0).argumentsJson());
            assertTrue(args.get("a").isIntegralNumber() && args.get("b").isIntegralNumber(), seen.get(0).argumentsJson());
            assertEquals("tool", result.messages().get(2).role());
            assertTrue(result.messages().get(2).content().startsWith("{\"sum\": "), result.messages().get(2).content());
        }
    }
}
