import java.util.List;
import java.util.Map;

import realizar.api.chat.ChatMessage;
import realizar.api.chat.ToolCall;
import realizar.api.chat.ToolSpec;
import realizar.runtime.Installation;
import realizar.runtime.LoadedModel;
import realizar.runtime.ModelOptions;
import realizar.runtime.Realizar;
import realizar.runtime.RealizarOptions;
import realizar.runtime.agent.AgentExecutor;
import realizar.runtime.agent.AgentListener;
import realizar.runtime.agent.DispatchingToolHandler;
import realizar.runtime.agent.ModelChatTurn;
import realizar.runtime.agent.ToolChoice;
import realizar.runtime.chat.ChatTemplates;
import realizar.runtime.sampling.SamplingParams;

/**
 * Tool calling with the agent loop, streamed: tools are described to the model through its chat template, calls are
 * parsed from its output as it streams (Hermes {@code <tool_call>} format here), dispatched to Java handlers, and the
 * results fed back. The demo story model knows no tools, so tool_choice "required" constrains its first reply to a
 * valid call with a grammar; a real instruct model would choose by itself with "auto".
 * Run: ./examples/run ToolCalling [MODEL.gguf]
 */
public class ToolCalling {
    public static void main(String[] args) {
        ToolSpec weather = new ToolSpec("get_weather", "Current weather for a city",
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"maxLength\":20}},\"required\":[\"city\"]}");
        var tools = new DispatchingToolHandler()
                .register("get_weather", call -> "{\"sky\": \"sunny\", \"celsius\": 21}");
        AgentListener streaming = new AgentListener() {
            @Override
            public void onText(String delta) {
                System.out.print(delta);
                System.out.flush();
            }

            @Override
            public void onToolCall(ToolCall call) {
                System.out.println("\n[call " + call.name() + " " + call.argumentsJson() + "]");
            }

            @Override
            public void onToolResult(ToolCall call, String result, boolean error) {
                System.out.println("[" + (error ? "error " : "result ") + result + "]");
            }
        };
        var path = args.length > 0 ? java.nio.file.Path.of(args[0]) : Installation.demoModel();
        try (Realizar realizar = Realizar.create(RealizarOptions.defaults());
             LoadedModel model = realizar.load(path, ModelOptions.defaults())) {
            var source = ChatTemplates.sourceOf(model.file().metadata());
            var template = ChatTemplates.select(realizar.plugins(), source, args.length > 0 ? null : "chatml");
            var format = ChatTemplates.toolFormatFor(realizar.plugins(), template, source, null);
            var config = new AgentExecutor.Config(template, source, format, List.of(weather),
                    args.length > 0 ? ToolChoice.auto() : ToolChoice.required(), 3, "<s>", "</s>", Map.of());
            var turn = new ModelChatTurn(model, SamplingParams.defaults(7), 160);
            var result = new AgentExecutor(turn, tools, config)
                    .run(List.of(ChatMessage.user("What is the weather in Lisbon?")), streaming);
            System.out.println("\n[" + result.reason() + " after " + result.iterations() + " model turns]");
        }
    }
}
