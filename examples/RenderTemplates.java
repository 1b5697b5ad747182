import java.util.List;
import java.util.Map;

import realizar.api.chat.ChatMessage;
import realizar.api.chat.ChatTemplate;
import realizar.api.chat.TemplateRequest;
import realizar.api.chat.TemplateSource;
import realizar.runtime.Realizar;
import realizar.runtime.RealizarOptions;
import realizar.runtime.chat.ChatTemplates;


/**
 * Rendering a conversation with chat templates: a built-in family by name, and a model's own Jinja template (here a
 * small ChatML-style one given inline), which is recognised by fingerprint. Run: ./examples/run RenderTemplates
 */
public class RenderTemplates {
    public static void main(String[] args) {
        List<ChatMessage> conversation = List.of(ChatMessage.system("You are terse."), ChatMessage.user("Name a colour."));
        try (Realizar engine = Realizar.create(RealizarOptions.defaults())) {
            for (String family : List.of("chatml", "llama3", "gemma")) {
                TemplateSource source = new TemplateSource(null, null, null);
                ChatTemplate template = ChatTemplates.select(engine.plugins(), source, family);
                var prompt = template.render(source, new TemplateRequest(conversation, List.of(), true,
                        "<s>", "</s>", Map.of()));
                System.out.println("== " + family + " (stops at " + prompt.stopStrings() + ")\n" + prompt.prompt());
            }
            String jinja = "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
                    + "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";
            TemplateSource own = ChatTemplates.ofJinja(jinja);
            ChatTemplate chosen = ChatTemplates.select(engine.plugins(), own, null);
            System.out.println("== the model's own template, rendered by '" + chosen.name() + "'\n"
                    + chosen.render(own, new TemplateRequest(conversation, List.of(), true, "", "", Map.of())).prompt());
        }
    }
}
