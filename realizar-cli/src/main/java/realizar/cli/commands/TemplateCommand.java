package realizar.cli.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import realizar.api.ErrorCode;
import realizar.api.RealizarException;
import realizar.api.chat.ChatMessage;
import realizar.api.chat.ChatTemplate;
import realizar.api.chat.RenderedPrompt;
import realizar.api.chat.TemplateRequest;
import realizar.api.chat.TemplateSource;
import realizar.api.chat.ToolSpec;
import realizar.api.format.ModelFile;
import realizar.runtime.Realizar;
import realizar.runtime.chat.ChatTemplates;
import realizar.runtime.chat.OpenAiMessages;
import realizar.runtime.tokenizer.Tokenizer;

/** {@code realizar template}: render a conversation with a model's chat template or a {@code .jinja} file. */
@Command(name = "template", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Render a chat conversation into the prompt text a model expects.",
                "MODEL_OR_TEMPLATE is a model file (its own template, recognised by fingerprint, or a family guessed from",
                "its name and architecture) or a .jinja template file. Messages and tools use the OpenAI chat JSON shape.",
                "strftime_now reads REALIZAR_NOW (e.g. 2025-12-31T23:59:59) when set, so renders can be reproduced."},
        footer = {"", "Example:",
                "  echo '[{\"role\":\"user\",\"content\":\"Hi\"}]' > m.json",
                "  realizar template model.gguf --messages m.json --add-generation-prompt"})
public final class TemplateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL_OR_TEMPLATE", description = "A model file, or a .jinja chat template.")
    Path source;

    @Option(names = "--messages", required = true, paramLabel = "FILE", description = "JSON array of {role, content, tool_calls, tool_call_id, name}.")
    Path messages;

    @Option(names = "--tools", paramLabel = "FILE", description = "JSON array of OpenAI tools ({type: function, function: {name, description, parameters}}).")
    Path tools;

    @Option(names = "--add-generation-prompt", description = "End with the opening of an assistant turn.")
    boolean addGenerationPrompt;

    @Option(names = "--bos-token", paramLabel = "T", description = "BOS text for the template (default: the model's).")
    String bosToken;

    @Option(names = "--eos-token", paramLabel = "T", description = "EOS text for the template (default: the model's).")
    String eosToken;

    @Option(names = "--template", paramLabel = "NAME", description = "Use this template by name instead of choosing (see 'realizar plugins').")
    String template;

    @Option(names = "--no-thinking", description = "Pass enable_thinking=false (Qwen 3 and similar).")
    boolean noThinking;

    @Option(names = "--json", description = "Print {\"prompt\": \"…\", \"template\": \"<name>\"}; otherwise the prompt alone.")
    boolean json;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws IOException {
        try (Realizar realizar = Realizar.create(runtime.toOptions())) {
            TemplateSource templateSource;
            String bos = bosToken;
            String eos = eosToken;
            ModelFile model = openIfModel(realizar);
            if (model != null) {
                try (model) {
                    templateSource = ChatTemplates.sourceOf(model.metadata());
                    Tokenizer tokenizer = Tokenizer.fromMetadata(model.metadata());
                    bos = bos != null ? bos : tokenizer.bosId() >= 0 ? tokenizer.piece(tokenizer.bosId()) : "";
                    eos = eos != null ? eos : tokenizer.eosId() >= 0 ? tokenizer.piece(tokenizer.eosId()) : "";
                }
            } else {
                templateSource = ChatTemplates.ofJinja(Files.readString(source));
            }
            List<ChatMessage> conversation = OpenAiMessages.messages(read(messages, "--messages"));
            List<ToolSpec> toolSpecs = tools != null ? OpenAiMessages.tools(read(tools, "--tools")) : List.of();
            ChatTemplate chosen = ChatTemplates.select(realizar.plugins(), templateSource, template);
            Map<String, Object> extra = noThinking ? Map.of("enable_thinking", false) : Map.of();
            RenderedPrompt rendered = chosen.render(templateSource, new TemplateRequest(conversation, toolSpecs,
                    addGenerationPrompt, bos == null ? "" : bos, eos == null ? "" : eos, extra));
            var out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("prompt", rendered.prompt());
                m.put("template", rendered.templateName());
                m.put("stop", rendered.stopStrings());
                Json.print(out, m);
            } else {
                out.print(rendered.prompt());
                out.flush();
            }
        }
        return 0;
    }

    /** The model file, or null when the path is not a model any reader recognises (then it is a template). */
    private ModelFile openIfModel(Realizar realizar) {
        try {
            return realizar.open(source, runtime.format);
        } catch (RealizarException e) {
            if (e.code() == ErrorCode.UNKNOWN_FORMAT) {
                return null;
            }
            throw e;
        }
    }

    private static JsonNode read(Path file, String option) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new RealizarException(ErrorCode.NOT_FOUND, option + " file not found: " + file);
        }
        return OpenAiMessages.parse(Files.readString(file), option + " " + file);
    }
}
