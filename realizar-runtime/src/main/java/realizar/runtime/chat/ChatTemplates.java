package realizar.runtime.chat;

import java.util.Comparator;

import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.chat.ChatTemplate;
import realizar.api.chat.TemplateSource;
import realizar.api.chat.ToolFormat;
import realizar.api.format.Metadata;
import realizar.runtime.plugin.PluginRegistry;

/**
 * Chooses a chat template and the tool-call format that goes with it. An explicit name always wins; otherwise every
 * {@link ChatTemplate} is asked how well it matches the model (its own Jinja template first, then its name and
 * architecture) and the best one is taken.
 */
public final class ChatTemplates {
    private ChatTemplates() {
    }

    /** What a model file says about its chat format: {@code tokenizer.chat_template}, architecture and name. */
    public static TemplateSource sourceOf(Metadata metadata) {
        return new TemplateSource(metadata.findString("tokenizer.chat_template").orElse(null),
                metadata.findString("general.architecture").orElse(null),
                metadata.findString("general.name").orElse(null));
    }

    /** A standalone {@code .jinja} template's text. */
    public static TemplateSource ofJinja(String jinja) {
        return new TemplateSource(jinja, null, null);
    }

    public static ChatTemplate select(PluginRegistry registry, TemplateSource source, String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return registry.require(ChatTemplate.class, explicit);
        }
        return registry.providers(ChatTemplate.class).stream()
                .filter(t -> t.matches(source) > 0)
                .max(Comparator.comparingInt(t -> t.matches(source)))
                .orElseThrow(() -> new RealizarException(ErrorCode.NOT_FOUND,
                        "no chat template fits this model and none was named (installed: "
                                + registry.names(ChatTemplate.class) + ")"));
    }

    /**
     * The tool-call format a template's models write: named explicitly, or inferred from the template family or the
     * markers in its Jinja text; OpenAI-style JSON when nothing says otherwise.
     */
    public static ToolFormat toolFormatFor(PluginRegistry registry, ChatTemplate template, TemplateSource source, String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return registry.require(ToolFormat.class, explicit);
        }
        String name = switch (template.name()) {
            case "hermes", "qwen3", "chatml" -> "hermes";
            case "llama3" -> "llama3";
            case "mistral" -> "mistral";
            default -> fromJinja(source.jinja());
        };
        return registry.find(ToolFormat.class, name).or(() -> registry.find(ToolFormat.class, "openai"))
                .orElseThrow(() -> new RealizarException(ErrorCode.NOT_FOUND, "no tool-call format installed"));
    }

    private static String fromJinja(String jinja) {
        if (jinja == null) {
            return "openai";
        }
        if (jinja.contains("<tool_call>")) {
            return "hermes";
        }
        if (jinja.contains("[TOOL_CALLS]")) {
            return "mistral";
        }
        if (jinja.contains("<|python_tag|>") || jinja.contains("<|start_header_id|>")) {
            return "llama3";
        }
        if (jinja.contains("<tool_use>")) {
            return "anthropic";
        }
        return "openai";
    }
}
