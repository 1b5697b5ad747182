// Example (not compiled by the build): choosing and rendering a chat template, then streaming tool calls out of the
// model's reply. The runtime does the same through ServiceLoader; names are the providers' name().
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import realizar.api.chat.ChatMessage;
import realizar.api.chat.ChatTemplate;
import realizar.api.chat.RenderedPrompt;
import realizar.api.chat.TemplateRequest;
import realizar.api.chat.TemplateSource;
import realizar.api.chat.ToolCallParser;
import realizar.api.chat.ToolEvent;
import realizar.api.chat.ToolFormat;
import realizar.api.chat.ToolSpec;

class RenderAndParse {
    public static void main(String[] args) {
        // What the model file says: tokenizer.chat_template, general.architecture, general.name.
        String jinja = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content']"
                + " + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}"
                + "{% endif %}";
        TemplateSource source = new TemplateSource(jinja, "llama", "OpenHermes-2.5-Mistral-7B");

        // Highest score wins: here "chatml" (100: recognised and verified byte-identical) over "jinja" (90).
        ChatTemplate template = ServiceLoader.load(ChatTemplate.class).stream().map(ServiceLoader.Provider::get)
                .max(Comparator.comparingInt(t -> t.matches(source))).orElseThrow();

        List<ToolSpec> tools = List.of(new ToolSpec("get_weather", "Current weather in a city.",
                "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}, \"required\": [\"city\"]}"));
        TemplateRequest request = new TemplateRequest(
                List.of(ChatMessage.system("You are helpful."), ChatMessage.user("Weather in Oslo?")),
                tools, true, "<s>", "<|im_end|>", Map.of("enable_thinking", false));
        RenderedPrompt prompt = template.render(source, request);
        System.out.println(prompt.templateName() + " stops at " + prompt.stopStrings());
        System.out.print(prompt.prompt());

        // The reply arrives in pieces; the parser's events do not depend on where the pieces break.
        ToolFormat hermes = ServiceLoader.load(ToolFormat.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("hermes")).findFirst().orElseThrow();
        ToolCallParser parser = hermes.newParser();
        for (String piece : List.of("Checking.<tool", "_call>{\"name\": \"get_weather\", \"argu",
                "ments\": {\"city\": \"Oslo\"}}</tool_call>")) {
            parser.feed(piece, RenderAndParse::print);
        }
        parser.finish(RenderAndParse::print);
    }

    static void print(ToolEvent event) {
        switch (event) {
            case ToolEvent.Text t -> System.out.println("text: " + t.text());
            case ToolEvent.CallStart s -> System.out.println("call " + s.index() + " " + s.name() + " id " + s.id());
            case ToolEvent.ArgumentsDelta d -> System.out.println("  args += " + d.delta());
            case ToolEvent.CallEnd e -> System.out.println("call " + e.index() + " complete");
            case ToolEvent.Error e -> System.out.println("not a call (" + e.message() + "): " + e.raw());
        }
    }
}
